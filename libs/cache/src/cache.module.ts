import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { ConfigType } from '@nestjs/config';
import KeyvRedis from '@keyv/redis';
import { redisConfig } from '@switchyard/redis';
import { CacheableMemory } from 'cacheable';
import { Keyv } from 'keyv';
import { CacheStore } from './cache.store';
import { cacheConfig } from './config/cache.config';

/** The Keyv store is picked once here: Redis when REDIS_URL is set, an in-process LRU otherwise. */
function createStore(redis: ConfigType<typeof redisConfig.factory>, cache: ConfigType<typeof cacheConfig.factory>): Keyv {
  const namespace = `${redis.keyPrefix}:cache`;
  if (!redis.url) return new Keyv({ store: new CacheableMemory({ lruSize: cache.memoryMaxEntries }), namespace });
  const store = new KeyvRedis(
    {
      url: redis.url,
      disableOfflineQueue: true,
      socket: { connectTimeout: redis.connectTimeoutMs, reconnectStrategy: (attempt: number) => Math.min(attempt * 200, 2_000) },
    },
    { throwOnConnectError: false, throwOnErrors: true, connectionTimeout: redis.connectTimeoutMs },
  );
  const keyv = new Keyv({ store, namespace, throwOnErrors: true });
  // Errors reach CacheStore per call; this listener only keeps them from crashing the emitter.
  keyv.on('error', (error: Error) => new Logger('CacheStore').debug(`Redis cache error: ${error.message}`));
  return keyv;
}

@Global()
@Module({
  imports: [
    CacheModule.registerAsync({
      inject: [redisConfig.factory.KEY, cacheConfig.factory.KEY],
      useFactory: (redis: ConfigType<typeof redisConfig.factory>, cache: ConfigType<typeof cacheConfig.factory>) => ({
        // keyv ships CJS and ESM typings; cache-manager (ESM) sees the other copy of the same class.
        stores: [createStore(redis, cache) as never],
        ttl: cache.ttlSeconds * 1000,
      }),
    }),
  ],
  providers: [CacheStore],
  exports: [CacheStore],
})
export class SwitchyardCacheModule implements OnApplicationShutdown {
  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}

  /** Closes the Redis client of the cache store, so shutdown leaves no socket open. */
  async onApplicationShutdown(): Promise<void> {
    await this.cache.disconnect().catch(() => undefined);
  }
}
