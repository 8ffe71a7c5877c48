import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { IsInt, Max, Min } from 'class-validator';

class CacheEnvironment extends BaseEnvironment {
  @IsInt()
  @Min(1)
  @Max(86_400)
  CACHE_TTL_SECONDS: number = 60;

  @IsInt()
  @Min(10)
  @Max(10_000)
  CACHE_OPERATION_TIMEOUT_MS: number = 250;

  @IsInt()
  @Min(10)
  @Max(1_000_000)
  CACHE_MEMORY_MAX_ENTRIES: number = 10_000;

  @IsInt()
  @Min(0)
  @Max(60_000)
  CACHE_LOCAL_TTL_MS: number = 1_000;

  @IsInt()
  @Min(10)
  @Max(1_000_000)
  CACHE_LOCAL_MAX_ENTRIES: number = 10_000;
}

export const cacheConfig = defineConfig('cache', CacheEnvironment, (environment) => ({
  ttlSeconds: environment.CACHE_TTL_SECONDS,
  operationTimeoutMs: environment.CACHE_OPERATION_TIMEOUT_MS,
  memoryMaxEntries: environment.CACHE_MEMORY_MAX_ENTRIES,
  localTtlMs: environment.CACHE_LOCAL_TTL_MS,
  localMaxEntries: environment.CACHE_LOCAL_MAX_ENTRIES,
}));
