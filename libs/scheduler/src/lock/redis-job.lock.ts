import { Injectable } from '@nestjs/common';
import { RedisConnection } from '@switchyard/redis';
import { Mutex } from 'redis-semaphore';
import { JobLock } from './job.lock';

/** redis-semaphore writes `mutex:<key>`; Switchyard keys must start with the configured prefix (README, "Redis keys"). */
class PrefixedMutex extends Mutex {
  constructor(...[client, key, options]: ConstructorParameters<typeof Mutex>) {
    super(client, key, options);
    this._key = key;
  }
}

/** SET NX PX on the shared connection with a random token; release deletes the key only while it still holds that token. */
@Injectable()
export class RedisJobLock extends JobLock {
  private readonly held = new Map<string, Mutex>();

  constructor(private readonly redis: RedisConnection) {
    super();
  }

  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    const mutex = new PrefixedMutex(this.redis.client, this.redis.key('lock', key), {
      lockTimeout: ttlMs,
      // One attempt, so the losing nodes skip the tick at once.
      acquireAttemptsLimit: 1,
      retryInterval: 0,
      // No refresh: a tick's claim must expire after its TTL, and a lost refresh would throw from a timer.
      refreshInterval: 0,
    });
    // A Redis that is away makes this node skip the tick, as losing the race does.
    if (!(await mutex.tryAcquire().catch(() => false))) return false;
    this.held.set(key, mutex);
    return true;
  }

  async release(key: string): Promise<void> {
    const mutex = this.held.get(key);
    this.held.delete(key);
    await mutex?.release().catch(() => undefined);
  }
}
