import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from '@switchyard/common';
import { DependencyUnavailableException } from '@switchyard/errors';
import { randomBytes, randomUUID } from 'node:crypto';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { TokenPair } from '../auth.types';
import { authConfig } from '../config/auth.config';
import { AccessTokenService } from '../tokens/access-token.service';
import { RefreshTokenCodec } from '../tokens/refresh-token.codec';
import { LoginCandidate } from '../user.directory';
import { Session } from './session';
import { SessionCheckCache } from './session-check.cache';
import { SessionStore } from './session.store';

/** Session lifecycle: open on login, rotate on refresh (with reuse detection), close on logout. */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    private readonly store: SessionStore,
    private readonly checks: SessionCheckCache,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenCodec,
    private readonly clock: Clock,
    @Inject(authConfig.factory.KEY) private readonly config: ConfigType<typeof authConfig.factory>,
  ) {}

  async open(user: LoginCandidate): Promise<TokenPair> {
    const now = this.clock.now();
    const session: Session = {
      id: randomUUID(),
      userId: user.userId,
      tenantId: user.tenantId,
      username: user.username,
      role: user.role,
      nonce: randomBytes(32).toString('base64url'),
      generation: 0,
      rotatedAt: now,
      createdAt: now,
      absoluteExpiresAt: now + this.config.sessionAbsoluteTtlSeconds * 1000,
    };
    await this.store.create(session, this.ttlMs(session, now));
    return this.issue(session);
  }

  async refresh(presented: string): Promise<TokenPair> {
    const parts = this.refreshTokens.parse(presented);
    const session = parts ? await this.store.get(parts.sessionId) : null;
    if (!parts || !session || !this.refreshTokens.verify(parts, session.nonce)) {
      throw new AuthException(AuthErrorCode.InvalidRefreshToken, 'Refresh token is invalid or its session has ended');
    }
    const now = this.clock.now();
    if (now >= session.absoluteExpiresAt) {
      await this.revoke(session.id);
      throw new AuthException(AuthErrorCode.SessionRevoked, 'Session has reached its maximum lifetime; log in again');
    }
    if (
      parts.generation === session.generation &&
      (await this.store.advance(session.id, session.generation, now, this.ttlMs(session, now)))
    ) {
      return this.issue({ ...session, generation: session.generation + 1, rotatedAt: now });
    }
    return this.refreshSpent(parts.generation, session.id, now);
  }

  async close(sessionId: string): Promise<void> {
    await this.revoke(sessionId);
  }

  /** True when this node confirmed the session within SESSION_CHECK_CACHE_MS: no store lookup needed. */
  isKnownActive(sessionId: string): boolean {
    return this.checks.isKnownAlive(sessionId);
  }

  /** True while the session exists; cached briefly so most requests skip the store. */
  async isActive(sessionId: string): Promise<boolean> {
    if (this.checks.isKnownAlive(sessionId)) return true;
    let session: Session | null;
    try {
      session = await this.store.get(sessionId);
    } catch (error) {
      // Degraded mode: a session this node saw alive shortly before the outage keeps working.
      if (!(error instanceof DependencyUnavailableException) || !this.checks.survivesOutage(sessionId)) throw error;
      this.logger.warn({ sessionId, dependency: error.dependency }, 'Session store unavailable; honouring a recently confirmed session');
      return true;
    }
    if (!session || this.clock.now() >= session.absoluteExpiresAt) return false;
    this.checks.markAlive(sessionId);
    return true;
  }

  /** An older generation: tolerated just after a rotation (two refreshes in flight), otherwise a replay. */
  private async refreshSpent(generation: number, sessionId: string, now: number): Promise<TokenPair> {
    const current = await this.store.get(sessionId);
    if (!current) throw new AuthException(AuthErrorCode.InvalidRefreshToken, 'Refresh token is invalid or its session has ended');
    const justRotated = generation === current.generation - 1 && now - current.rotatedAt <= this.config.refreshGraceMs;
    if (justRotated) return this.issue(current);
    await this.revoke(sessionId);
    this.logger.warn({ sessionId, userId: current.userId, tenantId: current.tenantId }, 'Spent refresh token presented; session revoked');
    throw new AuthException(AuthErrorCode.RefreshTokenReused, 'Refresh token was already used; the session has been revoked');
  }

  private async revoke(sessionId: string): Promise<void> {
    this.checks.evict(sessionId);
    await this.store.delete(sessionId);
  }

  private issue(session: Session): TokenPair {
    this.checks.markAlive(session.id);
    return {
      accessToken: this.accessTokens.sign(session),
      refreshToken: this.refreshTokens.encode(session.id, session.nonce, session.generation),
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }

  private ttlMs(session: Session, now: number): number {
    return Math.max(1, Math.min(this.config.sessionIdleTtlSeconds * 1000, session.absoluteExpiresAt - now));
  }
}
