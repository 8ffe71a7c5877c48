import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from '@switchyard/common';
import { authConfig } from '../config/auth.config';

const MAX_ENTRIES = 50_000;

/**
 * Remembers when this node last saw each session alive in the store. Within SESSION_CHECK_CACHE_MS
 * the guard skips the store; revocation here evicts at once, other nodes notice within that window.
 * While the store is down, a session seen within SESSION_OUTAGE_GRACE_MS is still honoured.
 */
@Injectable()
export class SessionCheckCache {
  private readonly confirmedAt = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    @Inject(authConfig.factory.KEY) private readonly config: ConfigType<typeof authConfig.factory>,
  ) {}

  isKnownAlive(sessionId: string): boolean {
    return this.seenWithin(sessionId, this.config.sessionCheckCacheMs);
  }

  survivesOutage(sessionId: string): boolean {
    return this.seenWithin(sessionId, this.config.sessionOutageGraceMs);
  }

  markAlive(sessionId: string): void {
    if (this.confirmedAt.size >= MAX_ENTRIES) this.confirmedAt.clear();
    this.confirmedAt.set(sessionId, this.clock.now());
  }

  evict(sessionId: string): void {
    this.confirmedAt.delete(sessionId);
  }

  private seenWithin(sessionId: string, windowMs: number): boolean {
    const seen = this.confirmedAt.get(sessionId);
    return seen !== undefined && this.clock.now() - seen < windowMs;
  }
}
