import { Injectable } from '@nestjs/common';
import { Clock } from '@switchyard/common';
import { JobLock } from './job.lock';

const PRUNE_ABOVE = 64;

/** Single-node locks for the embedded profile. */
@Injectable()
export class MemoryJobLock extends JobLock {
  private readonly held = new Map<string, number>();

  constructor(private readonly clock: Clock) {
    super();
  }

  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    // Tick claims are never released, only outlived: expired ones go, so the map stays as small as the live claims.
    if (this.held.size >= PRUNE_ABOVE) for (const [held, until] of this.held) if (until <= now) this.held.delete(held);
    const until = this.held.get(key);
    if (until !== undefined && until > now) return false;
    this.held.set(key, now + ttlMs);
    return true;
  }

  async release(key: string): Promise<void> {
    this.held.delete(key);
  }
}
