/**
 * OpenTelemetry, preloaded before anything else (`node --require dist/apps/api/src/tracing.js`):
 * instrumentations patch http, undici, mysql2, ioredis and pino only if they load after this file.
 * Configured with the standard OTEL_* variables; off unless an exporter is configured.
 */
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import cluster from 'node:cluster';
import { performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import { EndedSpanSink } from './tracing/core/request-span';
import { PooledRandomIdGenerator } from './tracing/pooled-random-id.generator';
import { RequestTracer } from './tracing/request-tracer';
import { samplerFromEnvironment } from './tracing/sampler-from-environment';
import { OTLP_TRACES_PROTOCOLS, OtlpBinaryProtocol, otlpTracesProtocol } from './tracing/span-export.messages';
import { REQUEST_TRACER } from './tracing/trace-requests';
import { WorkerSpanProcessor } from './tracing/worker-span.processor';

export const TRACING_SDK = Symbol.for('switchyard.tracing.sdk');
const TRACES_EXPORTERS = ['otlp', 'zipkin', 'console', 'none'];

function exportersOf(environment: NodeJS.ProcessEnv): string[] {
  return [
    ...new Set(
      (environment.OTEL_TRACES_EXPORTER ?? '')
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

function exporterConfigured(environment: NodeJS.ProcessEnv): boolean {
  const exporters = exportersOf(environment).filter((name) => name !== 'none');
  return exporters.length > 0 || Boolean(environment.OTEL_EXPORTER_OTLP_ENDPOINT || environment.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

function positive(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = environment[name]?.trim() ? Number(environment[name]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${environment[name]}"`);
  return value;
}

/** The exporters OTEL_TRACES_EXPORTER names (otlp when only an endpoint is set), each with its processor. */
function spanProcessorsOf(environment: NodeJS.ProcessEnv, resource: WorkerSpanProcessorResource): SpanProcessor[] {
  const names = exportersOf(environment);
  const unknown = names.filter((name) => !TRACES_EXPORTERS.includes(name));
  if (unknown.length > 0) throw new Error(`OTEL_TRACES_EXPORTER must list ${TRACES_EXPORTERS.join(', ')}; got "${unknown.join(', ')}"`);
  if (names.includes('none')) return [];
  const processors: SpanProcessor[] = [];
  // OTLP requests of 1,024 spans at most once a second: the export thread's cost is mostly per request, and
  // the request thread copies spans to it 256 at a time whatever the batch (D71).
  const batching = {
    maxQueueSize: positive(environment, 'OTEL_BSP_MAX_QUEUE_SIZE', 16_384),
    maxExportBatchSize: positive(environment, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1024),
    scheduleDelayMs: positive(environment, 'OTEL_BSP_SCHEDULE_DELAY', 1000),
    exportTimeoutMs: positive(environment, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000),
  };
  // The SDK's own batching, on this thread, for the exporters that are not OTLP protobuf.
  const inThread = (exporter: SpanExporter) =>
    new BatchSpanProcessor({
      exporter,
      maxQueueSize: batching.maxQueueSize,
      maxExportBatchSize: batching.maxExportBatchSize,
      scheduledDelayMillis: batching.scheduleDelayMs,
      exportTimeoutMillis: batching.exportTimeoutMs,
    });
  if (names.length === 0 || names.includes('otlp')) {
    const protocol = otlpTracesProtocol(environment);
    if (!(OTLP_TRACES_PROTOCOLS as readonly string[]).includes(protocol))
      throw new Error(`OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL must be one of ${OTLP_TRACES_PROTOCOLS.join(', ')}, got "${protocol}"`);
    // Protobuf (http or grpc): each span encoded as it ends, sent from a worker thread (D71, D72). JSON, a
    // debugging format, keeps the SDK's exporter.
    processors.push(
      protocol === 'http/json'
        ? inThread(new JsonTraceExporter())
        : new WorkerSpanProcessor({ protocol: protocol as OtlpBinaryProtocol, resource, ...batching, environment }),
    );
  }
  if (names.includes('zipkin')) processors.push(inThread(new ZipkinExporter()));
  if (names.includes('console')) processors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
  return processors;
}

type WorkerSpanProcessorResource = ConstructorParameters<typeof WorkerSpanProcessor>[0]['resource'];

function startTracing(environment: NodeJS.ProcessEnv): void {
  // --require runs in worker threads too; only the main thread serves requests (and starts the export thread).
  if (!isMainThread) return;
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
  // The request tracer and the SDK share one resource, sampler, id generator and span processor (D71): the
  // resource the SDK would detect itself, built here so both carry it.
  const resource = defaultResource().merge(
    detectResources({ detectors: [serviceInstanceIdDetector, processDetector, hostDetector, osDetector, envDetector] }),
  );
  const sampler = samplerFromEnvironment(environment);
  const idGenerator = new PooledRandomIdGenerator();
  const spanProcessors = spanProcessorsOf(environment, resource);
  if (spanProcessors.length === 0) return;
  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    sampler,
    idGenerator,
    spanProcessors,
    instrumentations: [
      getNodeAutoInstrumentations({
        // Outgoing node:http calls only: the incoming request's server span is the request tracer's.
        '@opentelemetry/instrumentation-http': { disableIncomingRequestInstrumentation: true },
      }),
    ],
  });
  sdk.start();
  const sink: EndedSpanSink = {
    onEnd: (span) => {
      for (const processor of spanProcessors) processor.onEnd(span);
    },
  };
  // timeOrigin is fixed for the life of the process, and reading it is a getter call: read once.
  const timeOrigin = performance.timeOrigin;
  const clock = () => timeOrigin + performance.now();
  (globalThis as Record<symbol, unknown>)[TRACING_SDK] = sdk;
  (globalThis as Record<symbol, unknown>)[REQUEST_TRACER] = new RequestTracer({ sampler, idGenerator, sink, resource, clock });
}

try {
  startTracing(process.env);
} catch (error) {
  // A tracing setting nobody can mean (an unknown exporter, sampler or protocol) stops start-up, as bad configuration does.
  process.stderr.write(`Switchyard cannot start. ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
