import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { BaseEnvironment } from './base.environment';
import { defineConfig } from './config.definition';

class AppEnvironment extends BaseEnvironment {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  @IsNotEmpty()
  HOST: string = '0.0.0.0';

  @IsInt()
  @Min(1024)
  @Max(104_857_600)
  BODY_LIMIT_BYTES: number = 1_048_576;

  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_GRACE_MS: number = 10_000;

  @IsInt()
  @Min(0)
  @Max(600_000)
  REQUEST_TIMEOUT_MS: number = 30_000;
}

export const appConfig = defineConfig('app', AppEnvironment, (environment) => ({
  nodeEnv: environment.NODE_ENV,
  isProduction: environment.NODE_ENV === 'production',
  port: environment.PORT,
  host: environment.HOST,
  bodyLimitBytes: environment.BODY_LIMIT_BYTES,
  shutdownGraceMs: environment.SHUTDOWN_GRACE_MS,
  requestTimeoutMs: environment.REQUEST_TIMEOUT_MS,
}));

export type AppConfig = ReturnType<typeof appConfig.factory>;
