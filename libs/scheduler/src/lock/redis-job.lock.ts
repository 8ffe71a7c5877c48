import { Injectable } from '@nestjs/common';
import { RedisConnection } from '@switchyard/redis';
import Redlock, { Lock } from 'redlock';
import { JobLock } from './job.lock';

/** Redlock on the shared connection: one attempt, no retries, so the losing nodes skip the tick at once. */
@Injectable()
export class RedisJobLock extends JobLock {
  private readonly redlock: Redlock;
  private readonly held = new Map<string, Lock>();

  constructor(private readonly redis: RedisConnection) {
    super();
    this.redlock = new Redlock([redis.client as unknown as Redlock.CompatibleRedisClient], { retryCount: 0, driftFactor: 0.01 });
    // Failed acquisitions are the normal outcome for all but one node; they are not errors.
    this.redlock.on('clientError', () => undefined);
  }

  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    try {
      this.held.set(key, await this.redlock.lock(this.redis.key('lock', key), ttlMs));
      return true;
    } catch {
      return false;
    }
  }

  async release(key: string): Promise<void> {
    const lock = this.held.get(key);
    this.held.delete(key);
    await lock?.unlock().catch(() => undefined);
  }
}
