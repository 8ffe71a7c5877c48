import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TENANT_ROLES, TenantRole } from '@switchyard/database';
import { TOKEN_ERROR_CODES, createSigner, createVerifier } from 'fast-jwt';
import { randomUUID } from 'node:crypto';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { authConfig } from '../config/auth.config';
import { Session } from '../session/session';

export interface AccessClaims {
  sub: string;
  tid: string;
  sid: string;
  role: TenantRole;
  name: string;
  /** Expiry, seconds since the epoch (always present: verification requires it). */
  exp: number;
}

type Signer = (payload: object) => string;
type Verifier = (token: string) => Record<string, unknown>;

/**
 * Short-lived JWTs. Signer and verifier are built once from the configuration (the key is imported
 * once, not per request); every verification checks the signature, the pinned algorithm, issuer,
 * audience and expiry, and refuses tokens without them.
 */
@Injectable()
export class AccessTokenService {
  private readonly signer: Signer;
  private readonly verifier: Verifier;

  constructor(@Inject(authConfig.factory.KEY) private readonly config: ConfigType<typeof authConfig.factory>) {
    this.signer = createSigner({
      key: config.jwtSecret,
      algorithm: config.jwtAlgorithm,
      iss: config.jwtIssuer,
      aud: config.jwtAudience,
      expiresIn: config.accessTtlSeconds * 1000,
    });
    this.verifier = createVerifier({
      key: config.jwtSecret,
      algorithms: [config.jwtAlgorithm],
      allowedIss: config.jwtIssuer,
      allowedAud: config.jwtAudience,
      requiredClaims: ['exp', 'iss', 'aud'],
      cache: false,
    });
  }

  get ttlSeconds(): number {
    return this.config.accessTtlSeconds;
  }

  sign(session: Session): string {
    const claims: Omit<AccessClaims, 'exp'> & { jti: string } = {
      sub: session.userId,
      tid: session.tenantId,
      sid: session.id,
      role: session.role,
      name: session.username,
      jti: randomUUID(),
    };
    return this.signer(claims);
  }

  /** Synchronous: HMAC verification needs no I/O, so the hot path pays no extra promise for it. */
  verify(token: string): AccessClaims {
    let claims: Record<string, unknown>;
    try {
      claims = this.verifier(token);
    } catch (error) {
      const expired = (error as { code?: string }).code === TOKEN_ERROR_CODES.expired;
      throw new AuthException(AuthErrorCode.InvalidToken, expired ? 'Access token has expired' : 'Access token is invalid');
    }
    const { sub, tid, sid, role, name, exp } = claims;
    if (!isText(sub) || !isText(tid) || !isText(sid) || !TENANT_ROLES.includes(role as TenantRole)) {
      throw new AuthException(AuthErrorCode.InvalidToken, 'Access token is missing required claims');
    }
    return { sub, tid, sid, role: role as TenantRole, name: typeof name === 'string' ? name : '', exp: exp as number };
  }
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
