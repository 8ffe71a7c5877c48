import { BaseEnvironment, RequiredInProduction, defineConfig } from '@switchyard/config';
import { IsDefined, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

class RedisEnvironment extends BaseEnvironment {
  @RequiredInProduction()
  @IsDefined({ message: 'is required when NODE_ENV=production (the production profile keeps sessions, cache and locks in Redis)' })
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString()
  @IsNotEmpty()
  @Matches(/^[\w.:-]+$/, { message: 'may only contain letters, digits and . : - _' })
  REDIS_KEY_PREFIX: string = 'swy';

  @IsInt()
  @Min(100)
  @Max(60_000)
  REDIS_CONNECT_TIMEOUT_MS: number = 2_000;
}

export const redisConfig = defineConfig('redis', RedisEnvironment, (environment) => ({
  url: environment.REDIS_URL,
  keyPrefix: environment.REDIS_KEY_PREFIX,
  connectTimeoutMs: environment.REDIS_CONNECT_TIMEOUT_MS,
}));

export type RedisConfig = ReturnType<typeof redisConfig.factory>;
