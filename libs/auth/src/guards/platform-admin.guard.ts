import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { AuthUser } from '../auth.types';
import { authConfig } from '../config/auth.config';
import { UserDirectory } from '../user.directory';

/**
 * Platform-wide settings (routing, the plan) concern every tenant: only owners and admins of the
 * platform tenant (PLATFORM_TENANT, else BOOTSTRAP_TENANT) may use them. Runs after the global JWT guard.
 */
@Injectable()
export class PlatformAdminGuard implements CanActivate {
  constructor(
    private readonly directory: UserDirectory,
    @Inject(authConfig.factory.KEY) private readonly config: ConfigType<typeof authConfig.factory>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!(await this.isPlatformAdmin(user))) {
      throw new AuthException(AuthErrorCode.Forbidden, 'Only owners and admins of the platform tenant may use this');
    }
    return true;
  }

  /** The same rule outside HTTP, e.g. for a WebSocket subscription to an admin topic. */
  async isPlatformAdmin(user: AuthUser | undefined): Promise<boolean> {
    const isAdmin = user !== undefined && (user.role === 'owner' || user.role === 'admin');
    const slug = isAdmin && this.config.platformTenant ? await this.directory.findTenantSlug(user.tenantId) : null;
    return slug !== null && slug === this.config.platformTenant;
  }
}
