import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { JwtAuthGuard } from '@switchyard/auth';
import { TenantEntity } from '@switchyard/database';
import { Repository } from 'typeorm';

export interface RequestIdentity {
  tenantId: string;
  tenantSlug?: string;
  userId: string;
  role: string;
}

const SLUG_CACHE_LIMIT = 10_000;

/** Who a request is for, as far as routing cares: the tenant of a valid token (slug included, for allow lists). */
@Injectable()
export class RequestIdentityResolver {
  private readonly slugs = new Map<string, string>();

  constructor(
    private readonly auth: JwtAuthGuard,
    @InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>,
  ) {}

  /** Undefined when there is no valid token: such requests follow the rule's default (legacy). */
  async resolve(raw: object, authorization: string | undefined): Promise<RequestIdentity | undefined> {
    if (!authorization) return undefined;
    try {
      const user = await this.auth.authenticateRequest(raw, authorization);
      return { tenantId: user.tenantId, tenantSlug: await this.slugOf(user.tenantId), userId: user.userId, role: user.role };
    } catch {
      return undefined;
    }
  }

  private async slugOf(tenantId: string): Promise<string | undefined> {
    const known = this.slugs.get(tenantId);
    if (known) return known;
    const tenant = await this.tenants.findOneBy({ id: tenantId });
    if (!tenant) return undefined;
    if (this.slugs.size >= SLUG_CACHE_LIMIT) this.slugs.clear();
    this.slugs.set(tenantId, tenant.slug);
    return tenant.slug;
  }
}
