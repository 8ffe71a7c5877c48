import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import { TenantRole } from '@switchyard/database';
import { AuthUser } from '../auth.types';

export { IS_PUBLIC, Public } from '@switchyard/common';
export const TENANT_ROLES_KEY = 'switchyard:tenantRoles';

/** Restricts a route to callers whose tenant role is one of these. */
export const TenantRoles = (...roles: TenantRole[]): MethodDecorator & ClassDecorator => SetMetadata(TENANT_ROLES_KEY, roles);

/** The authenticated caller, as the JWT guard established it. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const request = context.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!request.user) throw new Error('CurrentUser used on a route without authentication');
  return request.user;
});
