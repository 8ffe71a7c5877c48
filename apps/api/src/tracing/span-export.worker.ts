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

function reply(message: ExportReply): void {
  port.postMessage(message);
}

function exportBatch(id: number, serialized: string): void {
  const spans = (JSON.parse(serialized) as SpanRecord[]).map((record) => fromSpanRecord(record, resource) as unknown as ReadableSpan);
  const done = new Promise<void>((resolve) =>
    exporter.export(spans, (result) => {
      reply({
        type: 'exported',
        id,
        count: spans.length,
        error: result.error === undefined && result.code === 0 ? undefined : String(result.error?.message ?? 'export failed'),
      });
      resolve();
    }),
  );
  exporting.add(done);
  void done.then(() => exporting.delete(done));
}

port.on('message', (message: ExportRequest) => {
  switch (message.type) {
    case 'export':
      exportBatch(message.id, message.spans);
      break;
    case 'flush':
      void Promise.all(exporting)
        .then(() => exporter.forceFlush?.())
        .then(
          () => reply({ type: 'settled', id: message.id }),
          (error: unknown) => reply({ type: 'settled', id: message.id, error: String(error) }),
        );
      break;
    case 'shutdown':
      void Promise.all(exporting)
        .then(() => exporter.shutdown())
        .then(
          () => reply({ type: 'settled', id: message.id }),
          (error: unknown) => reply({ type: 'settled', id: message.id, error: String(error) }),
        );
      break;
  }
});
