import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EventBus, RedisConnection } from '@switchyard/redis';
import { CacheBackend } from './cache.backend';
import { CACHE_EVICTIONS_CHANNEL, CacheStore } from './cache.store';
import { cacheConfig } from './config/cache.config';
import { LocalCacheTier } from './local-cache.tier';
import { MemoryCacheBackend } from './memory-cache.backend';
import { RedisCacheBackend } from './redis-cache.backend';

/**
 * The backend is picked once here: Redis when REDIS_URL is set (with a short-lived local tier in front,
 * kept coherent by evictions on the event bus), an in-process LRU otherwise.
 */
@Global()
@Module({
  providers: [
    {
      provide: CacheBackend,
      inject: [RedisConnection, cacheConfig.factory.KEY],
      useFactory: (redis: RedisConnection, cache: ConfigType<typeof cacheConfig.factory>) =>
        redis.configured ? new RedisCacheBackend(redis, cache.operationTimeoutMs) : new MemoryCacheBackend(cache.memoryMaxEntries),
    },
    {
      provide: LocalCacheTier,
      inject: [RedisConnection, cacheConfig.factory.KEY],
      useFactory: (redis: RedisConnection, cache: ConfigType<typeof cacheConfig.factory>) =>
        new LocalCacheTier(redis.configured ? cache.localTtlMs : 0, cache.localMaxEntries),
    },
    CacheStore,
  ],
  exports: [CacheStore],
})
export class SwitchyardCacheModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(CacheBackend) private readonly backend: CacheBackend,
    private readonly local: LocalCacheTier,
    private readonly store: CacheStore,
    private readonly bus: EventBus,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.local.enabled) {
      await this.bus.subscribe(CACHE_EVICTIONS_CHANNEL, (message) => {
        const key = (message as { key?: unknown }).key;
        if (typeof key === 'string') this.store.forgetLocally(key);
      });
    }
    if (this.backend instanceof RedisCacheBackend) await this.backend.connect();
  }

  /** Closes the cache's own Redis connection, so shutdown leaves no socket open. */
  async onApplicationShutdown(): Promise<void> {
    if (this.backend instanceof RedisCacheBackend) await this.backend.close();
  }
}
