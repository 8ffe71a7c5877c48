import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from '@switchyard/common';
import { withoutStackTraces } from '@switchyard/errors';
import { TENANT_ROLES, TenantRole } from '@switchyard/database';
import { createSigner } from 'fast-jwt';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { authConfig } from '../config/auth.config';
import { Session } from '../session/session';
import { HmacJwtVerifier, createHmacJwtVerifier } from './hmac-jwt.verifier';

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

/** How far another node's clock may run ahead of this one's when it issues a token. */
export const ISSUED_AT_SKEW_SECONDS = 60;

/**
 * Why a token's times are refused, or undefined when they are fine: `exp` and `iat` must be whole
 * seconds, the token must not have expired nor be issued in the future, and it may not live longer
 * than this server issues tokens for (a token minted with the key for ten years is refused).
 */
export function lifetimeProblem(
  claims: { exp?: unknown; iat?: unknown },
  nowMs: number,
  ttlSeconds: number,
): 'expired' | 'invalid' | undefined {
  const { exp, iat } = claims;
  if (!Number.isSafeInteger(exp) || !Number.isSafeInteger(iat)) return 'invalid';
  if ((exp as number) * 1000 <= nowMs) return 'expired';
  if ((iat as number) * 1000 > nowMs + ISSUED_AT_SKEW_SECONDS * 1000) return 'invalid';
  return (exp as number) - (iat as number) > ttlSeconds ? 'invalid' : undefined;
}

/**
 * Short-lived JWTs. Signer and verifier are built once from the configuration (the key is imported
 * once, not per request); every verification checks the signature, the pinned algorithm, issuer and
 * audience, and requires `exp` and `iat` within the configured lifetime on this node's clock.
 */
@Injectable()
export class AccessTokenService {
  private readonly signer: Signer;
  private readonly verifier: HmacJwtVerifier;

  constructor(
    @Inject(authConfig.factory.KEY) private readonly config: ConfigType<typeof authConfig.factory>,
    private readonly clock: Clock,
  ) {
    this.signer = createSigner({
      key: config.jwtSecret,
      algorithm: config.jwtAlgorithm,
      iss: config.jwtIssuer,
      aud: config.jwtAudience,
      expiresIn: config.accessTtlSeconds * 1000,
    });
    // Signed with fast-jwt, checked with a verifier that does the same checks with less work (design.md D68).
    // Expiry is judged below with the injected clock, together with `iat` and the lifetime.
    this.verifier = createHmacJwtVerifier({
      secret: config.jwtSecret,
      algorithm: config.jwtAlgorithm,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
    });
  }

  get ttlSeconds(): number {
    return this.config.accessTtlSeconds;
  }

  sign(session: Session): string {
    // No `jti`: nothing reads it (sessions, not token ids, are what is revoked), and every claim is parsed on every request.
    const claims: Omit<AccessClaims, 'exp'> & { iat: number } = {
      sub: session.userId,
      tid: session.tenantId,
      sid: session.id,
      role: session.role,
      name: session.username,
      // The signer derives `exp` from it: both come from the injected clock.
      iat: Math.floor(this.clock.now() / 1000),
    };
    return this.signer(claims);
  }

  /**
   * Synchronous: HMAC verification needs no I/O, so the hot path pays no extra promise for it. A refused
   * token is routine and often hostile, so its error carries no stack trace (and a valid one pays nothing for that).
   */
  verify(token: string): AccessClaims {
    const now = this.clock.now();
    const claims = this.verifier(token, now);
    if (typeof claims === 'string') throw refused('Access token is invalid');
    const problem = lifetimeProblem(claims, now, this.config.accessTtlSeconds);
    if (problem) throw refused(problem === 'expired' ? 'Access token has expired' : 'Access token is invalid');
    const { sub, tid, sid, role, name, exp } = claims;
    if (!isText(sub) || !isText(tid) || !isText(sid) || !TENANT_ROLES.includes(role as TenantRole)) {
      throw refused('Access token is missing required claims');
    }
    return { sub, tid, sid, role: role as TenantRole, name: typeof name === 'string' ? name : '', exp: exp as number };
  }
}

function refused(message: string): AuthException {
  return withoutStackTraces(() => new AuthException(AuthErrorCode.InvalidToken, message));
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
