import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { RedisConnection } from '@switchyard/redis';
import { CacheBackend } from './cache.backend';
import { CacheStore } from './cache.store';
import { cacheConfig } from './config/cache.config';
import { MemoryCacheBackend } from './memory-cache.backend';
import { RedisCacheBackend } from './redis-cache.backend';

/** The backend is picked once here: Redis when REDIS_URL is set, an in-process LRU otherwise. */
@Global()
@Module({
  providers: [
    {
      provide: CacheBackend,
      inject: [RedisConnection, cacheConfig.factory.KEY],
      useFactory: (redis: RedisConnection, cache: ConfigType<typeof cacheConfig.factory>) =>
        redis.configured ? new RedisCacheBackend(redis, cache.operationTimeoutMs) : new MemoryCacheBackend(cache.memoryMaxEntries),
    },
    CacheStore,
  ],
  exports: [CacheStore],
})
export class SwitchyardCacheModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(CacheBackend) private readonly backend: CacheBackend) {}

  async onModuleInit(): Promise<void> {
    if (this.backend instanceof RedisCacheBackend) await this.backend.connect();
  }

  /** Closes the cache's own Redis connection, so shutdown leaves no socket open. */
  async onApplicationShutdown(): Promise<void> {
    if (this.backend instanceof RedisCacheBackend) await this.backend.close();
  }
}
