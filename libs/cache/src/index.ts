export { SwitchyardCacheModule } from './cache.module';
export { CacheStore, CacheRead, CacheStatus } from './cache.store';
export { cacheConfig } from './config/cache.config';
