import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from '@switchyard/common';
import { TenantRole } from '@switchyard/database';
import { authConfig } from '../config/auth.config';

const MAX_ENTRIES = 50_000;

/** Who a session belongs to, as the store said when this node last looked. */
export interface SessionIdentity {
  userId: string;
  tenantId: string;
  role: TenantRole;
}

/** What this node remembers of a session: who it belongs to, and when the store last said so. */
export interface SessionConfirmation extends SessionIdentity {
  at: number;
}

/**
 * Remembers, per session, who the store said it belongs to and when. Within SESSION_CHECK_CACHE_MS
 * the guard compares a token with that instead of asking the store; ending or changing a session
 * evicts it here at once, and on every other node as soon as the event bus delivers the change
 * (within the window at the latest). While the store is down, a session seen within
 * SESSION_OUTAGE_GRACE_MS is still honoured.
 */
@Injectable()
export class SessionCheckCache {
  private readonly confirmed = new Map<string, SessionConfirmation>();
  /** Moves on every eviction: a store read that started before one must not confirm what it read. */
  private evictions = 0;

  constructor(
    private readonly clock: Clock,
    @Inject(authConfig.factory.KEY) private readonly config: ConfigType<typeof authConfig.factory>,
  ) {}

  /** The identity confirmed within SESSION_CHECK_CACHE_MS, or undefined. */
  recent(sessionId: string): SessionConfirmation | undefined {
    return this.within(sessionId, this.config.sessionCheckCacheMs);
  }

  /** Past half of SESSION_CHECK_CACHE_MS: time to ask the store again, while the confirmation still holds. */
  isAging(confirmation: SessionConfirmation): boolean {
    return this.clock.now() - confirmation.at >= this.config.sessionCheckCacheMs / 2;
  }

  /** Where evictions stand now; pass it to confirm() with what a store read that starts now finds. */
  get epoch(): number {
    return this.evictions;
  }

  /** The identity confirmed within SESSION_OUTAGE_GRACE_MS, for when the store cannot answer. */
  beforeOutage(sessionId: string): SessionIdentity | undefined {
    return this.within(sessionId, this.config.sessionOutageGraceMs);
  }

  /** Remembers the store's answer; not when a session was evicted since `epoch` (the read may predate its end). */
  confirm(sessionId: string, identity: SessionIdentity, epoch = this.evictions): void {
    if (epoch !== this.evictions) return;
    if (this.confirmed.size >= MAX_ENTRIES) this.confirmed.clear();
    this.confirmed.set(sessionId, { userId: identity.userId, tenantId: identity.tenantId, role: identity.role, at: this.clock.now() });
  }

  evict(sessionId: string): void {
    this.evictions += 1;
    this.confirmed.delete(sessionId);
  }

  private within(sessionId: string, windowMs: number): SessionConfirmation | undefined {
    const seen = this.confirmed.get(sessionId);
    return seen !== undefined && this.clock.now() - seen.at < windowMs ? seen : undefined;
  }
}
