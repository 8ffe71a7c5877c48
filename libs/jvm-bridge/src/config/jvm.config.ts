import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const ADDRESS = /^[\w.-]+:\d{1,5}$/;

class JvmEnvironment extends BaseEnvironment {
  @IsOptional()
  @Matches(ADDRESS, { message: 'must be host:port' })
  JVM_CALCITE_ADDRESS?: string;

  @IsOptional()
  @Matches(ADDRESS, { message: 'must be host:port' })
  JVM_SEATUNNEL_ADDRESS?: string;

  @IsInt()
  @Min(1)
  @Max(64)
  JVM_POOL_SIZE: number = 4;

  @IsInt()
  @Min(50)
  @Max(120_000)
  JVM_DEADLINE_MS: number = 3_000;

  @IsInt()
  @Min(0)
  @Max(10)
  JVM_RETRY_ATTEMPTS: number = 2;

  @IsInt()
  @Min(1)
  @Max(1_000)
  JVM_BREAKER_FAILURES: number = 5;

  @IsInt()
  @Min(100)
  @Max(600_000)
  JVM_BREAKER_COOLDOWN_MS: number = 10_000;

  @IsInt()
  @Min(1_000)
  @Max(600_000)
  JVM_KEEPALIVE_MS: number = 30_000;
}

export const jvmConfig = defineConfig('jvm', JvmEnvironment, (environment) => ({
  calciteAddress: environment.JVM_CALCITE_ADDRESS,
  seatunnelAddress: environment.JVM_SEATUNNEL_ADDRESS,
  poolSize: environment.JVM_POOL_SIZE,
  deadlineMs: environment.JVM_DEADLINE_MS,
  retryAttempts: environment.JVM_RETRY_ATTEMPTS,
  breakerFailures: environment.JVM_BREAKER_FAILURES,
  breakerCooldownMs: environment.JVM_BREAKER_COOLDOWN_MS,
  keepaliveMs: environment.JVM_KEEPALIVE_MS,
}));

export type JvmConfig = ReturnType<typeof jvmConfig.factory>;
