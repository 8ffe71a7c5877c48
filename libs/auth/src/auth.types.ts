import { TenantRole } from '@switchyard/database';

/** Who is calling, as the JWT guard established it; attached to the request as `user`. */
export interface AuthUser {
  userId: string;
  tenantId: string;
  username: string;
  role: TenantRole;
  sessionId: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}
