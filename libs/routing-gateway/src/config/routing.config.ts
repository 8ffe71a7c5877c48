import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

export const DEVELOPMENT_IDENTITY_SECRET = 'switchyard-development-identity-secret-not-for-production';

class RoutingEnvironment extends BaseEnvironment {
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/.*)?$/, { message: 'must be an http:// or https:// URL' })
  LEGACY_BASE_URL?: string;

  @IsOptional()
  @IsString()
  ROUTING_CONFIG?: string;

  // Legacy trusts identity headers only with this signature; production must not use the default.
  @ValidateIf((environment: RoutingEnvironment) => environment.NODE_ENV === 'production' && environment.LEGACY_BASE_URL !== undefined)
  @MinLength(32, { message: 'must be at least 32 bytes when NODE_ENV=production' })
  @Matches(/^(?!switchyard-development-identity-secret-not-for-production$)/, {
    message: 'is the development placeholder and is refused when NODE_ENV=production',
  })
  LEGACY_IDENTITY_SECRET: string = DEVELOPMENT_IDENTITY_SECRET;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'must be a tenant slug' })
  PLATFORM_TENANT?: string;

  @IsOptional()
  @IsString()
  BOOTSTRAP_TENANT?: string;

  @IsInt()
  @Min(1)
  @Max(1024)
  LEGACY_CONNECTIONS: number = 64;

  @IsInt()
  @Min(0)
  @Max(104_857_600)
  ROUTING_REPLAY_BODY_LIMIT_BYTES: number = 1_048_576;

  @IsInt()
  @Min(100)
  @Max(600_000)
  ROUTING_FILE_POLL_MS: number = 1_000;
}

export const routingConfig = defineConfig('routing', RoutingEnvironment, (environment) => ({
  legacyBaseUrl: environment.LEGACY_BASE_URL?.replace(/\/+$/, ''),
  configFile: environment.ROUTING_CONFIG,
  identitySecret: environment.LEGACY_IDENTITY_SECRET,
  platformTenant: environment.PLATFORM_TENANT ?? environment.BOOTSTRAP_TENANT,
  legacyConnections: environment.LEGACY_CONNECTIONS,
  replayBodyLimitBytes: environment.ROUTING_REPLAY_BODY_LIMIT_BYTES,
  filePollMs: environment.ROUTING_FILE_POLL_MS,
}));

export type RoutingConfig = ReturnType<typeof routingConfig.factory>;
