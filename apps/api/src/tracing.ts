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
  // Only what Switchyard talks to; the bundle would otherwise also hook dozens of libraries and add a
  // span per Nest handler. Operators can widen the list with the same standard variable.
  environment.OTEL_NODE_ENABLED_INSTRUMENTATIONS ??= 'http,undici,ioredis,mysql2,grpc,pino';
  // Sized for thousands of requests a second: the defaults (2,048 queued, 512 a batch, every 5 s) drop spans.
  // Small batches often: serialising 2,048 spans at once held the event loop long enough to double the p99.
  environment.OTEL_BSP_MAX_QUEUE_SIZE ??= '16384';
  environment.OTEL_BSP_MAX_EXPORT_BATCH_SIZE ??= '256';
  environment.OTEL_BSP_SCHEDULE_DELAY ??= '200';
  const sdk = new NodeSDK({
    instrumentations: [
      getNodeAutoInstrumentations({
        // Outgoing node:http calls only. The incoming request's server span comes from @fastify/otel below:
        // a second server span from the http instrumentation doubled tracing's cost per request.
        '@opentelemetry/instrumentation-http': { disableIncomingRequestInstrumentation: true },
      }),
      // The request's one server span, named after the route template (it continues an incoming
      // traceparent); no span per lifecycle hook or handler.
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        instrumentHooks: false,
        instrumentHandler: false,
        ignorePaths: (options) => QUIET_PATHS.includes(options.url),
        // Named only when recorded: with head sampling most spans are not, and the name costs a route lookup.
        requestHook: (span, request) => {
          if (span.isRecording()) span.updateName(`${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`);
        },
      }),
    ],
  });
  sdk.start();
  (globalThis as Record<symbol, unknown>)[TRACING_SDK] = sdk;
}

startTracing(process.env);
