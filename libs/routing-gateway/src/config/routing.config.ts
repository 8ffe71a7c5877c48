import { BaseEnvironment, Secret, defineConfig, processSecret } from '@switchyard/config';
import { TENANT_SLUG_PATTERN } from '@switchyard/database';
import { IsDefined, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

/** What LEGACY_IDENTITY_SECRET used to default to: published in this repository, so refused like any placeholder. */
const FORMER_DEVELOPMENT_SECRET = 'switchyard-development-identity-secret-not-for-production';

class RoutingEnvironment extends BaseEnvironment {
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/.*)?$/, { message: 'must be an http:// or https:// URL' })
  LEGACY_BASE_URL?: string;

  @IsOptional()
  @IsString()
  ROUTING_CONFIG?: string;

  // Legacy trusts identity headers only with this signature: no default, required with LEGACY_BASE_URL.
  @Secret({ minLength: 32, placeholders: [FORMER_DEVELOPMENT_SECRET], requiredWhen: (environment) => Boolean(environment.LEGACY_BASE_URL) })
  LEGACY_IDENTITY_SECRET?: string;

  // Its admins steer routing for every tenant: in production it is named, never inferred.
  @ValidateIf(
    (environment: RoutingEnvironment) =>
      (environment.NODE_ENV === 'production' && !environment.BOOTSTRAP_TENANT) || environment.PLATFORM_TENANT !== undefined,
  )
  @IsDefined({ message: 'is required when NODE_ENV=production (or set BOOTSTRAP_TENANT: that tenant is then the platform tenant)' })
  @Matches(TENANT_SLUG_PATTERN, { message: 'must be a tenant slug' })
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
  identitySecret: environment.LEGACY_IDENTITY_SECRET ?? processSecret('LEGACY_IDENTITY_SECRET'),
  platformTenant: environment.PLATFORM_TENANT ?? environment.BOOTSTRAP_TENANT,
  legacyConnections: environment.LEGACY_CONNECTIONS,
  replayBodyLimitBytes: environment.ROUTING_REPLAY_BODY_LIMIT_BYTES,
  filePollMs: environment.ROUTING_FILE_POLL_MS,
}));

export type RoutingConfig = ReturnType<typeof routingConfig.factory>;
