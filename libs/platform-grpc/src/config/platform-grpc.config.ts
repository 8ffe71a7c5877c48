import { BaseEnvironment, EnvBoolean, Secret, defineConfig, processSecret } from '@switchyard/config';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';

/** What PLATFORM_INTERNAL_TOKEN used to default to: published in this repository, so refused like any placeholder. */
const FORMER_DEVELOPMENT_TOKEN = 'switchyard-development-internal-token-not-for-production';
export const DEFAULT_GRPC_PORT = 50061;

class PlatformGrpcEnvironment extends BaseEnvironment {
  @EnvBoolean()
  @IsBoolean()
  GRPC_ENABLED: boolean = true;

  @IsString()
  @IsNotEmpty()
  GRPC_HOST: string = '127.0.0.1';

  // Unset means 50061, or a free port under NODE_ENV=test, where many apps share one process.
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  GRPC_PORT?: number;

  @IsInt()
  @Min(0)
  @Max(600_000)
  GRPC_SHUTDOWN_GRACE_MS: number = 5_000;

  // How often grpc.health.v1.Health re-reads readiness (Watch streams hear each change).
  @IsInt()
  @Min(100)
  @Max(600_000)
  GRPC_HEALTH_CHECK_MS: number = 5_000;

  // No default: a shared deployment whose gRPC server listens must set it; the embedded profile generates one.
  @Secret({
    minLength: 32,
    placeholders: [FORMER_DEVELOPMENT_TOKEN, 'internal-token'],
    requiredWhen: (environment) => environment.GRPC_ENABLED !== false,
  })
  PLATFORM_INTERNAL_TOKEN?: string;
}

export const platformGrpcConfig = defineConfig('platformGrpc', PlatformGrpcEnvironment, (environment) => ({
  enabled: environment.GRPC_ENABLED,
  host: environment.GRPC_HOST,
  port: environment.GRPC_PORT ?? (environment.NODE_ENV === 'test' ? 0 : DEFAULT_GRPC_PORT),
  shutdownGraceMs: environment.GRPC_SHUTDOWN_GRACE_MS,
  healthCheckMs: environment.GRPC_HEALTH_CHECK_MS,
  internalToken: environment.PLATFORM_INTERNAL_TOKEN ?? processSecret('PLATFORM_INTERNAL_TOKEN'),
}));

export type PlatformGrpcConfig = ReturnType<typeof platformGrpcConfig.factory>;
