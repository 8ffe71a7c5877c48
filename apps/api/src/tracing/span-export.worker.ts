/**
 * The thread that turns ended spans into OTLP and sends them (design.md D71), with OpenTelemetry's own
 * exporter for the configured protocol and its standard OTEL_EXPORTER_OTLP_* settings (endpoint, headers,
 * timeout, compression). The request thread only copies each span into a record; the serialisation and the
 * HTTP or gRPC call, which cost it about a fifth of a traced request, happen here.
 */
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { parentPort, workerData } from 'node:worker_threads';
import { SpanRecord, fromSpanRecord } from './core/span-record';
import { ExportRequest, ExportWorkerData, ExportReply, otlpTracesProtocol } from './span-export.messages';

function createExporter(protocol: string): SpanExporter {
  switch (protocol) {
    case 'http/json':
      return new JsonTraceExporter();
    case 'grpc':
      return new GrpcTraceExporter();
    default:
      return new ProtobufTraceExporter();
  }
}

const data = workerData as ExportWorkerData;
const port = parentPort!;
const exporter = createExporter(otlpTracesProtocol(process.env));
const resource = resourceFromAttributes(data.resourceAttributes, { schemaUrl: data.resourceSchemaUrl });
const exporting = new Set<Promise<void>>();
// Spans received and not yet exported: sent when a batch is full or when the oldest has waited the delay.
const pending: ReadableSpan[] = [];
let timer: NodeJS.Timeout | undefined;

function reply(message: ExportReply): void {
  port.postMessage(message);
}

function receive(serialized: string): void {
  for (const record of JSON.parse(serialized) as SpanRecord[]) pending.push(fromSpanRecord(record, resource) as unknown as ReadableSpan);
  while (pending.length >= data.maxExportBatchSize) exportBatch(pending.splice(0, data.maxExportBatchSize));
  if (pending.length > 0) timer ??= setTimeout(exportPending, data.scheduleDelayMs);
}

function exportPending(): void {
  clearTimeout(timer);
  timer = undefined;
  while (pending.length > 0) exportBatch(pending.splice(0, data.maxExportBatchSize));
}

function exportBatch(spans: ReadableSpan[]): void {
  const done = new Promise<void>((resolve) =>
    exporter.export(spans, (result) => {
      reply({
        type: 'exported',
        count: spans.length,
        error: result.error === undefined && result.code === 0 ? undefined : String(result.error?.message ?? 'export failed'),
      });
      resolve();
    }),
  );
  exporting.add(done);
  void done.then(() => exporting.delete(done));
}

/** Exports what is pending, waits for every export under way, then runs `finish` (the exporter's flush or shutdown). */
function settle(id: number, finish: () => Promise<void> | undefined): void {
  exportPending();
  void Promise.all(exporting)
    .then(finish)
    .then(
      () => reply({ type: 'settled', id }),
      (error: unknown) => reply({ type: 'settled', id, error: String(error) }),
    );
}

port.on('message', (message: ExportRequest) => {
  switch (message.type) {
    case 'spans':
      receive(message.spans);
      break;
    case 'flush':
      settle(message.id, () => exporter.forceFlush?.());
      break;
    case 'shutdown':
      settle(message.id, () => exporter.shutdown());
      break;
  }
});
