import { TenantRole } from '@switchyard/database';

/** Who is calling, as the JWT guard established it; attached to the request as `user`. */
export interface AuthUser {
  userId: string;
  tenantId: string;
  username: string;
  role: TenantRole;
  sessionId: string;
  /** When the access token the caller presented expires (epoch milliseconds). */
  tokenExpiresAt?: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}
