import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ConfigValidationError, appConfig, validateEnvironment } from '@switchyard/config';
import { platformGrpcConfig } from '@switchyard/platform-grpc';
import { getMetadataStorage } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { API_PREFIX, UNPREFIXED_ROUTES } from '../../apps/api/src/app.factory';
import { CONFIG_DEFINITIONS } from '../../apps/api/src/config.definitions';
import { HealthController } from '../../libs/health/src/health.controller';
import { ROOT } from './deploy-files';

/** What the deployment files are checked against: the app's configuration and routes, read from the code. */

// --- the app's configuration ---------------------------------------------------------------------

/** Every variable the configuration validates (the same source as .env.example's check). */
export const CONFIGURED_VARIABLES: ReadonlySet<string> = new Set(
  CONFIG_DEFINITIONS.flatMap((definition) =>
    getMetadataStorage()
      .getTargetValidationMetadatas(definition.environment, '', true, false)
      .map((metadata) => metadata.propertyName),
  ),
);

/**
 * Whether a variable set for a node is read by it: one the configuration validates, or a standard
 * OTEL_* variable that the OpenTelemetry SDK preloaded by tracing.ts reads.
 */
export const isReadByTheApp = (name: string): boolean => CONFIGURED_VARIABLES.has(name) || name.startsWith('OTEL_');

/** The variables whose validators are secret rules (no default, placeholders refused), from the validators themselves. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(
  CONFIG_DEFINITIONS.flatMap((definition) =>
    getMetadataStorage()
      .getTargetValidationMetadatas(definition.environment, '', true, false)
      .filter((metadata) => ['secret', 'isEncryptionKeyRing', 'endpointTokenWithTokenMode'].includes(metadata.name ?? ''))
      .map((metadata) => metadata.propertyName),
  ),
);

/** The problems start-up would list for these variables (empty when a node would start). */
export function startupProblems(variables: Record<string, string | undefined>): readonly string[] {
  try {
    validateEnvironment(variables, CONFIG_DEFINITIONS);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    return error.problems;
  }
}

export interface ListeningConfig {
  port: number;
  host: string;
  shutdownGraceMs: number;
  grpc: { enabled: boolean; host: string; port: number; shutdownGraceMs: number };
}

/** Where a node started with exactly these variables listens, and how long it drains (the app's own factories). */
export function listeningConfigOf(variables: Record<string, string | undefined>): ListeningConfig {
  const saved = process.env;
  // The internal token changes nothing about where a node listens, but the gRPC factory refuses production without one.
  const withToken = { PLATFORM_INTERNAL_TOKEN: generatedSecret('PLATFORM_INTERNAL_TOKEN'), ...variables };
  process.env = Object.fromEntries(Object.entries(withToken).filter(([, value]) => value !== undefined)) as NodeJS.ProcessEnv;
  try {
    const app = appConfig.factory();
    const grpc = platformGrpcConfig.factory();
    return {
      port: app.port,
      host: app.host,
      shutdownGraceMs: app.shutdownGraceMs,
      grpc: { enabled: grpc.enabled, host: grpc.host, port: grpc.port, shutdownGraceMs: grpc.shutdownGraceMs },
    };
  } finally {
    process.env = saved;
  }
}

/**
 * Values of the right shape for each secret a deployment file leaves to its operator, so that a check
 * sees what a node would do once they are filled in. A name without a generator fails the test that
 * asked: a new secret must be added here on purpose.
 */
const SECRET_VALUES: Record<string, () => string> = {
  JWT_SECRET: () => randomBytes(48).toString('base64'),
  DATASOURCE_ENCRYPTION_KEYS: () => `k1:${randomBytes(32).toString('base64')}`,
  PLATFORM_INTERNAL_TOKEN: () => randomBytes(33).toString('base64'),
  METRICS_TOKEN: () => randomBytes(33).toString('base64'),
  DOCS_TOKEN: () => randomBytes(33).toString('base64'),
  LEGACY_IDENTITY_SECRET: () => randomBytes(33).toString('base64'),
  BOOTSTRAP_ADMIN_PASSWORD: () => randomBytes(18).toString('base64url'),
  MARIADB_PASSWORD: () => randomBytes(24).toString('hex'),
  REDIS_PASSWORD: () => randomBytes(24).toString('hex'),
  DATABASE_URL: () => `mysql://switchyard:${randomBytes(24).toString('hex')}@mariadb.databases.svc:3306/switchyard`,
  REDIS_URL: () => `redis://:${randomBytes(24).toString('hex')}@redis.databases.svc:6379`,
};

export function generatedSecret(name: string): string {
  const generate = SECRET_VALUES[name];
  if (!generate) throw new Error(`No generator for the secret ${name}: add one to SECRET_VALUES in ${relative(ROOT, __filename)}`);
  return generate();
}

// --- the app's routes ----------------------------------------------------------------------------

/** The GET routes of the health controller as the server serves them (prefix applied unless excluded). */
export const HEALTH_ROUTES: readonly string[] = (() => {
  const controllerPath = Reflect.getMetadata(PATH_METADATA, HealthController) as string;
  const prototype = HealthController.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype)
    .map((name) => prototype[name])
    .filter((handler) => typeof handler === 'function' && Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.GET)
    .map((handler) => `${controllerPath}/${Reflect.getMetadata(PATH_METADATA, handler as object) as string}`)
    .map((route) => (UNPREFIXED_ROUTES.includes(route) ? `/${route}` : `/${API_PREFIX}/${route}`));
})();
