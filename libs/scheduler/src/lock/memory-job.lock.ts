import { Injectable } from '@nestjs/common';
import { Clock } from '@switchyard/common';
import { JobLock } from './job.lock';

/** Single-node locks for the embedded profile. */
@Injectable()
export class MemoryJobLock extends JobLock {
  private readonly held = new Map<string, number>();

  constructor(private readonly clock: Clock) {
    super();
  }

  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const until = this.held.get(key);
    if (until !== undefined && until > now) return false;
    this.held.set(key, now + ttlMs);
    return true;
  }

  async release(key: string): Promise<void> {
    this.held.delete(key);
  }
}
