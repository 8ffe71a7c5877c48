import { RedisConnection } from '@switchyard/redis';
import Redis from 'ioredis';
import { CacheBackend } from './cache.backend';

/**
 * Cache entries as plain JSON strings at `<prefix>:cache:v2:<key>` (v1 was Keyv's envelope under
 * `<prefix>:cache:<key>`: kept apart so nodes of both versions can run side by side during an
 * upgrade), on a connection of their own whose every
 * command has the cache's deadline: a slow Redis costs a read at most that long, then the source answers.
 */
export class RedisCacheBackend extends CacheBackend {
  private readonly client: Redis;

  constructor(
    private readonly redis: RedisConnection,
    operationTimeoutMs: number,
  ) {
    super();
    this.client = redis.client.duplicate({ commandTimeout: operationTimeoutMs, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    // Failures reach the caller of each command; this only keeps the emitter from throwing.
    this.client.on('error', () => undefined);
  }

  /** Waits for the connection at start-up, so the first reads do not miss; a Redis that is down only costs misses. */
  async connect(): Promise<void> {
    await this.redis.whenReady(this.client);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(this.key(key))) ?? undefined;
  }

  async set(key: string, json: string, ttlMs: number): Promise<void> {
    await this.client.set(this.key(key), json, 'PX', ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.client.del(this.key(key));
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private key(key: string): string {
    return this.redis.key('cache', 'v2', key);
  }
}
