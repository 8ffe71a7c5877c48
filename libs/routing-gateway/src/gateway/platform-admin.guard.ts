import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { AuthErrorCode, AuthException, AuthUser } from '@switchyard/auth';
import { TenantEntity } from '@switchyard/database';
import { Repository } from 'typeorm';
import { routingConfig } from '../config/routing.config';

/** Routing is platform-wide: only owners and admins of the platform tenant (PLATFORM_TENANT) may see or change it. */
@Injectable()
export class PlatformAdminGuard implements CanActivate {
  constructor(
    @InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>,
    @Inject(routingConfig.factory.KEY) private readonly config: ConfigType<typeof routingConfig.factory>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    const isAdmin = user !== undefined && (user.role === 'owner' || user.role === 'admin');
    const tenant = isAdmin && this.config.platformTenant ? await this.tenants.findOneBy({ id: user.tenantId }) : null;
    if (!tenant || tenant.slug !== this.config.platformTenant) {
      throw new AuthException(AuthErrorCode.Forbidden, 'Only admins of the platform tenant may manage routing');
    }
    return true;
  }
}
