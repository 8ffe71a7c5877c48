import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from '@switchyard/common';
import { TenantRole } from '@switchyard/database';
import { DependencyUnavailableException } from '@switchyard/errors';
import { EventBus } from '@switchyard/redis';
import { randomBytes, randomUUID } from 'node:crypto';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { AuthUser, TokenPair } from '../auth.types';
import { authConfig } from '../config/auth.config';
import { AccessClaims, AccessTokenService } from '../tokens/access-token.service';
import { RefreshTokenCodec } from '../tokens/refresh-token.codec';
import { LoginCandidate, UserDirectory } from '../user.directory';
import { Session } from './session';
import { SessionCheckCache, SessionIdentity } from './session-check.cache';
import { SessionStore } from './session.store';

/** The event bus channel on which session changes reach every node. */
const SESSIONS_CHANNEL = 'sessions';

interface SessionsEvent {
  /** `ended`: the sessions are gone (logout, revocation); `changed`: their role changed. */
  type: 'ended' | 'changed';
  sessionIds: string[];
}

/**
 * Session lifecycle: open on login, rotate on refresh (with reuse detection, re-reading the user),
 * close on logout or revocation; and the binding of every access token to its session: the token's
 * subject, tenant and role must be the session's. Ends and changes are announced on the event bus, so
 * every node drops what it remembered of those sessions at once.
 */
@Injectable()
export class SessionService implements OnModuleInit {
  private readonly logger = new Logger(SessionService.name);
  private readonly endedListeners: Array<(sessionIds: string[]) => void> = [];
  /** Store reads in flight, by session. */
  private readonly lookups = new Map<string, Promise<SessionIdentity>>();

  constructor(
    private readonly store: SessionStore,
    private readonly checks: SessionCheckCache,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenCodec,
    private readonly clock: Clock,
    @Inject(authConfig.factory.KEY) private readonly config: ConfigType<typeof authConfig.factory>,
    private readonly directory: UserDirectory,
    private readonly bus: EventBus,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.bus.subscribe(SESSIONS_CHANNEL, (message) => this.onEvent(message as SessionsEvent));
  }

  /** Called with the ids of sessions that ended, on whichever node ended them (the realtime hub closes their sockets). */
  onSessionsEnded(listener: (sessionIds: string[]) => void): void {
    this.endedListeners.push(listener);
  }

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
      await this.revoke([session.id]);
      throw new AuthException(AuthErrorCode.SessionRevoked, 'Session has reached its maximum lifetime; log in again');
    }
    const role = await this.currentRole(session);
    if (
      parts.generation === session.generation &&
      (await this.store.advance(session.id, session.generation, now, this.ttlMs(session, now)))
    ) {
      return this.issue({ ...session, role, generation: session.generation + 1, rotatedAt: now });
    }
    return this.refreshSpent(parts.generation, session.id, now);
  }

  /**
   * The caller of a verified token: its session must exist and belong to the token's subject, tenant
   * and role. Synchronous when this node confirmed the session within SESSION_CHECK_CACHE_MS.
   */
  verify(claims: AccessClaims): AuthUser | Promise<AuthUser> {
    const known = this.checks.recent(claims.sid);
    if (known) {
      if (this.checks.isAging(known)) this.renew(claims.sid);
      return this.bind(claims, known);
    }
    return this.sharedLookup(claims.sid).then((identity) => this.bind(claims, identity));
  }

  async close(sessionId: string): Promise<void> {
    await this.revoke([sessionId]);
  }

  /** Ends every session of the user (password change, an administrator's decision); returns how many. */
  async revokeAllForUser(userId: string, except?: string): Promise<number> {
    const sessionIds = (await this.store.listForUser(userId)).filter((sessionId) => sessionId !== except);
    await this.revoke(sessionIds);
    return sessionIds.length;
  }

  /** The user's sessions carry the new role at once: tokens issued with the old one are refused until refreshed. */
  async changeRoleForUser(userId: string, role: TenantRole): Promise<void> {
    const sessionIds = await this.store.listForUser(userId);
    await Promise.all(sessionIds.map((sessionId) => this.store.setRole(sessionId, role)));
    for (const sessionId of sessionIds) this.checks.evict(sessionId);
    await this.publish({ type: 'changed', sessionIds });
  }

  private bind(claims: AccessClaims, identity: SessionIdentity): AuthUser {
    if (identity.userId !== claims.sub || identity.tenantId !== claims.tid || identity.role !== claims.role) {
      throw new AuthException(AuthErrorCode.InvalidToken, 'Access token does not match its session; refresh it or log in again');
    }
    return {
      userId: claims.sub,
      tenantId: claims.tid,
      username: claims.name,
      role: claims.role,
      sessionId: claims.sid,
      tokenExpiresAt: claims.exp * 1000,
    };
  }

  /** One store read per session at a time, however many requests wait for it. */
  private sharedLookup(sessionId: string): Promise<SessionIdentity> {
    let pending = this.lookups.get(sessionId);
    if (!pending) {
      pending = this.lookup(sessionId).finally(() => this.lookups.delete(sessionId));
      this.lookups.set(sessionId, pending);
    }
    return pending;
  }

  /**
   * Renews an active session's confirmation before it runs out, while its requests are still admitted from
   * it: they never wait for the store, nor all miss at once (every in-flight request of the session took the
   * slow path each SESSION_CHECK_CACHE_MS). A session the store no longer has is forgotten, so its next request
   * is refused; a store that cannot answer is left to the next miss, which reports it.
   */
  private renew(sessionId: string): void {
    if (this.lookups.has(sessionId)) return;
    this.sharedLookup(sessionId).catch((error: unknown) => {
      if (error instanceof AuthException) this.checks.evict(sessionId);
    });
  }

  private async lookup(sessionId: string): Promise<SessionIdentity> {
    const epoch = this.checks.epoch;
    let session: Session | null;
    try {
      session = await this.store.get(sessionId);
    } catch (error) {
      // Degraded mode: a session this node saw shortly before the outage keeps working, as it was.
      const seen = error instanceof DependencyUnavailableException ? this.checks.beforeOutage(sessionId) : undefined;
      if (!seen) throw error;
      this.logger.warn(
        { sessionId, dependency: (error as DependencyUnavailableException).dependency },
        'Session store unavailable; honouring a recently confirmed session',
      );
      return seen;
    }
    if (!session || this.clock.now() >= session.absoluteExpiresAt) {
      throw new AuthException(AuthErrorCode.SessionRevoked, 'The session of this token has ended');
    }
    const identity: SessionIdentity = { userId: session.userId, tenantId: session.tenantId, role: session.role };
    this.checks.confirm(sessionId, identity, epoch);
    return identity;
  }

  /** The user's role as the directory knows it now; a user who no longer exists ends the session. */
  private async currentRole(session: Session): Promise<TenantRole> {
    const user = await this.directory.findById(session.tenantId, session.userId);
    if (!user) {
      await this.revoke([session.id]);
      throw new AuthException(AuthErrorCode.SessionRevoked, 'The account of this session no longer exists');
    }
    if (user.role !== session.role) await this.store.setRole(session.id, user.role);
    return user.role;
  }

  /** An older generation: tolerated just after a rotation (two refreshes in flight), otherwise a replay. */
  private async refreshSpent(generation: number, sessionId: string, now: number): Promise<TokenPair> {
    const current = await this.store.get(sessionId);
    if (!current) throw new AuthException(AuthErrorCode.InvalidRefreshToken, 'Refresh token is invalid or its session has ended');
    const justRotated = generation === current.generation - 1 && now - current.rotatedAt <= this.config.refreshGraceMs;
    if (justRotated) return this.issue(current);
    await this.revoke([sessionId]);
    this.logger.warn({ sessionId, userId: current.userId, tenantId: current.tenantId }, 'Spent refresh token presented; session revoked');
    throw new AuthException(AuthErrorCode.RefreshTokenReused, 'Refresh token was already used; the session has been revoked');
  }

  private async revoke(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    for (const sessionId of sessionIds) this.checks.evict(sessionId);
    await Promise.all(sessionIds.map((sessionId) => this.store.delete(sessionId)));
    await this.publish({ type: 'ended', sessionIds });
  }

  private async publish(event: SessionsEvent): Promise<void> {
    // Stored already; a node that misses the message re-reads the store within SESSION_CHECK_CACHE_MS.
    await this.bus
      .publish(SESSIONS_CHANNEL, event)
      .catch((error: Error) => this.logger.warn(`Session change not broadcast: ${error.message}`));
  }

  private onEvent(event: SessionsEvent): void {
    if (!Array.isArray(event?.sessionIds)) return;
    const sessionIds = event.sessionIds.filter((sessionId): sessionId is string => typeof sessionId === 'string');
    for (const sessionId of sessionIds) this.checks.evict(sessionId);
    if (event.type !== 'ended') return;
    for (const listener of this.endedListeners) {
      try {
        listener(sessionIds);
      } catch (error) {
        this.logger.error({ err: error }, 'A listener of ended sessions failed');
      }
    }
  }

  private issue(session: Session): TokenPair {
    this.checks.confirm(session.id, { userId: session.userId, tenantId: session.tenantId, role: session.role });
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
