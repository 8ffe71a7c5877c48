import { SpaceRole, TenantRole } from '@switchyard/database';

export type SpaceAction = 'read' | 'write' | 'manage';

const ALLOWED: Record<SpaceRole, readonly SpaceAction[]> = {
  owner: ['read', 'write', 'manage'],
  admin: ['read', 'write', 'manage'],
  member: ['read', 'write'],
  viewer: ['read'],
};

/** Tenant owners and admins act as admins of every space; everyone else needs a membership. */
export function effectiveSpaceRole(tenantRole: TenantRole, membership: SpaceRole | null): SpaceRole | null {
  if (tenantRole === 'owner' || tenantRole === 'admin') return 'admin';
  return membership;
}

export function spaceAllows(role: SpaceRole | null, action: SpaceAction): boolean {
  return role !== null && ALLOWED[role].includes(action);
}

/** Viewers of the tenant only read; every other role may open a space of its own. */
export function canCreateSpace(tenantRole: TenantRole): boolean {
  return tenantRole !== 'viewer';
}
