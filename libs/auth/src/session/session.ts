import { TenantRole } from '@switchyard/database';

/** A login session. Refresh tokens are derived from (id, nonce, generation); none is stored. */
export interface Session {
  id: string;
  userId: string;
  tenantId: string;
  username: string;
  role: TenantRole;
  nonce: string;
  generation: number;
  rotatedAt: number;
  createdAt: number;
  absoluteExpiresAt: number;
}
