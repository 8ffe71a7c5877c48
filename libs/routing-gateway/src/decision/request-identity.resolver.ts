import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuthUser, JwtAuthGuard } from '@switchyard/auth';
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
  private readonly logger = new Logger(RequestIdentityResolver.name);
  private readonly slugs = new Map<string, string>();
  private lastWarningAt = 0;

  constructor(
    private readonly auth: JwtAuthGuard,
    @InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>,
  ) {}

  /**
   * Undefined when there is no valid token: such requests follow the rule's default (legacy).
   * Synchronous when the token's session and tenant are already known on this node.
   */
  resolve(raw: object, authorization: string | undefined): RequestIdentity | undefined | Promise<RequestIdentity | undefined> {
    if (!authorization) return undefined;
    let user: AuthUser | Promise<AuthUser>;
    try {
      user = this.auth.authenticateRequest(raw, authorization);
    } catch {
      return undefined;
    }
    if (user instanceof Promise) {
      return user.then(
        (resolved) => this.identityOf(resolved),
        () => undefined,
      );
    }
    return this.identityOf(user);
  }

  private identityOf(user: AuthUser): RequestIdentity | Promise<RequestIdentity> {
    const slug = this.slugs.get(user.tenantId);
    if (slug !== undefined) return { tenantId: user.tenantId, tenantSlug: slug, userId: user.userId, role: user.role };
    return this.loadSlug(user.tenantId).then((loaded) => ({
      tenantId: user.tenantId,
      tenantSlug: loaded,
      userId: user.userId,
      role: user.role,
    }));
  }

  /**
   * Without the database the tenant is routed by its id alone: allow lists naming it by slug do not match, so
   * it goes where the rules send unlisted tenants (legacy, by default) rather than every request failing.
   */
  private async loadSlug(tenantId: string): Promise<string | undefined> {
    let tenant: TenantEntity | null;
    try {
      tenant = await this.tenants.findOneBy({ id: tenantId });
    } catch (error) {
      if (Date.now() - this.lastWarningAt > 10_000) {
        this.lastWarningAt = Date.now();
        this.logger.warn({ error: (error as Error).message }, 'Tenant slug unavailable: routing by tenant id until the database answers');
      }
      return undefined;
    }
    if (!tenant) return undefined;
    if (this.slugs.size >= SLUG_CACHE_LIMIT) this.slugs.clear();
    this.slugs.set(tenantId, tenant.slug);
    return tenant.slug;
  }
}
