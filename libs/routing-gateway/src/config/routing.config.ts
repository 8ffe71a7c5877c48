import { BaseEnvironment, Secret, defineConfig, processSecret } from '@switchyard/config';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

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

  @IsInt()
  @Min(1)
  @Max(1024)
  LEGACY_CONNECTIONS: number = 64;

  // Requests that may wait for a connection to legacy once all are busy; the next is refused at once with
  // 503 LEGACY_OVERLOADED, so a slow legacy yields fast errors instead of a growing queue.
  @IsInt()
  @Min(0)
  @Max(100_000)
  LEGACY_MAX_QUEUED: number = 256;

  @IsInt()
  @Min(100)
  @Max(600_000)
  ROUTING_FILE_POLL_MS: number = 1_000;

  // Every node re-reads the rules version and the kill switches from MySQL this often, whatever the event bus lost.
  @IsInt()
  @Min(100)
  @Max(600_000)
  ROUTING_RECONCILE_MS: number = 10_000;

  // The shadow report shared across nodes lives in Redis this long after its last write.
  @IsInt()
  @Min(60)
  @Max(2_592_000)
  ROUTING_SHADOW_REPORT_TTL_S: number = 86_400;
}

export const routingConfig = defineConfig('routing', RoutingEnvironment, (environment) => ({
  legacyBaseUrl: environment.LEGACY_BASE_URL?.replace(/\/+$/, ''),
  configFile: environment.ROUTING_CONFIG,
  identitySecret: environment.LEGACY_IDENTITY_SECRET ?? processSecret('LEGACY_IDENTITY_SECRET'),
  legacyConnections: environment.LEGACY_CONNECTIONS,
  legacyMaxQueued: environment.LEGACY_MAX_QUEUED,
  filePollMs: environment.ROUTING_FILE_POLL_MS,
  reconcileMs: environment.ROUTING_RECONCILE_MS,
  shadowReportTtlSeconds: environment.ROUTING_SHADOW_REPORT_TTL_S,
}));
