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

interface Confirmation extends SessionIdentity {
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
  private readonly confirmed = new Map<string, Confirmation>();

  constructor(
    private readonly clock: Clock,
    @Inject(authConfig.factory.KEY) private readonly config: ConfigType<typeof authConfig.factory>,
  ) {}

  /** The identity confirmed within SESSION_CHECK_CACHE_MS, or undefined. */
  recent(sessionId: string): SessionIdentity | undefined {
    return this.within(sessionId, this.config.sessionCheckCacheMs);
  }

  /** The identity confirmed within SESSION_OUTAGE_GRACE_MS, for when the store cannot answer. */
  beforeOutage(sessionId: string): SessionIdentity | undefined {
    return this.within(sessionId, this.config.sessionOutageGraceMs);
  }

  confirm(sessionId: string, identity: SessionIdentity): void {
    if (this.confirmed.size >= MAX_ENTRIES) this.confirmed.clear();
    this.confirmed.set(sessionId, { userId: identity.userId, tenantId: identity.tenantId, role: identity.role, at: this.clock.now() });
  }

  evict(sessionId: string): void {
    this.confirmed.delete(sessionId);
  }

  private within(sessionId: string, windowMs: number): SessionIdentity | undefined {
    const seen = this.confirmed.get(sessionId);
    return seen !== undefined && this.clock.now() - seen.at < windowMs ? seen : undefined;
  }
}
