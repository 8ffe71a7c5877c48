/**
 * OpenTelemetry, preloaded before anything else (`node --require dist/apps/api/src/tracing.js`):
 * instrumentations patch http, undici, mysql2, ioredis and pino only if they load after this file.
 * Configured with the standard OTEL_* variables; off unless an exporter is configured.
 */
import FastifyOtelInstrumentation from '@fastify/otel';
import cluster from 'node:cluster';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { NodeSDK } from '@opentelemetry/sdk-node';

export const TRACING_SDK = Symbol.for('switchyard.tracing.sdk');
const QUIET_PATHS = ['/health/live', '/health/ready', '/metrics'];

function exporterConfigured(environment: NodeJS.ProcessEnv): boolean {
  const exporters = (environment.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name && name !== 'none');
  return exporters.length > 0 || Boolean(environment.OTEL_EXPORTER_OTLP_ENDPOINT || environment.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

function startTracing(environment: NodeJS.ProcessEnv): void {
  if (environment.OTEL_SDK_DISABLED === 'true' || !exporterConfigured(environment)) return;
  // The primary of WORKERS=N serves no requests: its workers trace themselves.
  if (cluster.isPrimary && Number(environment.WORKERS ?? 1) > 1) return;
  environment.OTEL_SERVICE_NAME ??= 'switchyard';
  // Prometheus (prom-client) serves metrics and pino writes logs; OTel only exports traces here.
  environment.OTEL_METRICS_EXPORTER ??= 'none';
  environment.OTEL_LOGS_EXPORTER ??= 'none';
  const sdk = new NodeSDK({
    instrumentations: [
      getNodeAutoInstrumentations({
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
        '@opentelemetry/instrumentation-http': {
          ignoreIncomingRequestHook: (request) => QUIET_PATHS.includes((request.url ?? '').split('?')[0] ?? ''),
        },
      }),
      new FastifyOtelInstrumentation({ registerOnInitialization: true, ignorePaths: (options) => QUIET_PATHS.includes(options.url) }),
    ],
  });
  sdk.start();
  (globalThis as Record<symbol, unknown>)[TRACING_SDK] = sdk;
}

startTracing(process.env);
