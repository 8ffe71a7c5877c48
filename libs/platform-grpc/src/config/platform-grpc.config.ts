import { BaseEnvironment, EnvBoolean, defineConfig } from '@switchyard/config';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, MinLength, ValidateIf, registerDecorator } from 'class-validator';

/** The documented development credential; production refuses it, like any well-known placeholder. */
export const DEVELOPMENT_INTERNAL_TOKEN = 'switchyard-development-internal-token-not-for-production';
export const DEFAULT_GRPC_PORT = 50061;

const PLACEHOLDER_TOKENS = new Set([DEVELOPMENT_INTERNAL_TOKEN, 'changeme', 'change-me', 'secret', 'internal-token', 'please-change-me']);

function NotPlaceholderInProduction(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notPlaceholderInProduction',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, validation) =>
          (validation?.object as BaseEnvironment).NODE_ENV !== 'production' || !PLACEHOLDER_TOKENS.has(String(value).toLowerCase()),
        defaultMessage: () => 'is the development default or a known placeholder and is refused when NODE_ENV=production',
      },
    });
}

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

  // A disabled server needs no credential, so a placeholder only matters when it listens.
  @ValidateIf((environment: PlatformGrpcEnvironment) => environment.GRPC_ENABLED !== false)
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @NotPlaceholderInProduction()
  PLATFORM_INTERNAL_TOKEN: string = DEVELOPMENT_INTERNAL_TOKEN;
}

export const platformGrpcConfig = defineConfig('platformGrpc', PlatformGrpcEnvironment, (environment) => ({
  enabled: environment.GRPC_ENABLED,
  host: environment.GRPC_HOST,
  port: environment.GRPC_PORT ?? (environment.NODE_ENV === 'test' ? 0 : DEFAULT_GRPC_PORT),
  shutdownGraceMs: environment.GRPC_SHUTDOWN_GRACE_MS,
  internalToken: environment.PLATFORM_INTERNAL_TOKEN,
}));

export type PlatformGrpcConfig = ReturnType<typeof platformGrpcConfig.factory>;
