import { TenantRole } from '@switchyard/database';

export interface LoginCandidate {
  userId: string;
  tenantId: string;
  username: string;
  role: TenantRole;
  passwordHash: string;
}

/** The port through which auth finds users and their tenants; the tenancy lib implements it. */
export abstract class UserDirectory {
  abstract findForLogin(tenantSlug: string, username: string): Promise<LoginCandidate | null>;
  /** The user as stored now (role, password hash), or null when the account no longer exists. */
  abstract findById(tenantId: string, userId: string): Promise<LoginCandidate | null>;
  abstract updatePasswordHash(tenantId: string, userId: string, passwordHash: string): Promise<void>;
  /** The slug of a tenant, or null when it does not exist (platform rights follow the platform tenant's slug). */
  abstract findTenantSlug(tenantId: string): Promise<string | null>;
}
