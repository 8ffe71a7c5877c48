/**
 * The thread that sends ended spans as OTLP (design.md D71, D72). The request thread encodes each span as it
 * ends; here the spans are grouped by scope into export requests and sent with OpenTelemetry's own OTLP
 * transport for the configured protocol (http/protobuf or grpc), with its standard OTEL_EXPORTER_OTLP_*
 * settings: endpoint, headers, timeout, compression, retries, TLS.
 */
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { convertLegacyOtlpGrpcOptions, createOtlpGrpcExportDelegate } from '@opentelemetry/otlp-grpc-exporter-base';
import { parentPort, workerData } from 'node:worker_threads';
import { readVarint } from './core/protobuf.writer';
import { EncodedSpan, EncodedSpanSerializer, encodedSpanMetrics } from './encoded-span.serializer';
import { ExportReply, ExportRequest, ExportWorkerData, OtlpBinaryProtocol } from './span-export.messages';

function createExporter(protocol: OtlpBinaryProtocol, serializer: EncodedSpanSerializer): OTLPExporterBase<EncodedSpan[]> {
  if (protocol === 'grpc')
    return new OTLPExporterBase(
      createOtlpGrpcExportDelegate(
        convertLegacyOtlpGrpcOptions({}, 'TRACES'),
        serializer,
        'otlp_grpc_span_exporter',
        encodedSpanMetrics,
        undefined,
        'TraceExportService',
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      ),
    );
  return new OTLPExporterBase(
    createOtlpHttpExportDelegate(
      convertLegacyHttpOptions({}, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' }),
      serializer,
      'otlp_http_span_exporter',
      encodedSpanMetrics,
      undefined,
    ),
  );
}

const data = workerData as ExportWorkerData;
const port = parentPort!;
const serializer = new EncodedSpanSerializer({ bytes: data.resource, schemaUrl: data.resourceSchemaUrl });
const exporter = createExporter(data.protocol, serializer);
const exporting = new Set<Promise<void>>();
// Spans received and not yet exported: sent when a batch is full or when the oldest has waited the delay.
const pending: EncodedSpan[] = [];
let timer: NodeJS.Timeout | undefined;

function reply(message: ExportReply): void {
  port.postMessage(message);
}

/** Splits a chunk into its spans: a varint scope id, then the span's tag (one byte), length and message. */
function receive(bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) {
    const [scope, spanAt] = readVarint(bytes, at);
    const [length, messageAt] = readVarint(bytes, spanAt + 1);
    at = messageAt + length;
    pending.push({ scope, bytes: bytes.subarray(spanAt, at) });
  }
  while (pending.length >= data.maxExportBatchSize) exportBatch(pending.splice(0, data.maxExportBatchSize));
  if (pending.length > 0) timer ??= setTimeout(exportPending, data.scheduleDelayMs);
}

function exportPending(): void {
  clearTimeout(timer);
  timer = undefined;
  while (pending.length > 0) exportBatch(pending.splice(0, data.maxExportBatchSize));
}

function exportBatch(spans: EncodedSpan[]): void {
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
function settle(id: number, finish: () => Promise<void>): void {
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
      for (const scope of message.scopes) serializer.defineScope(scope);
      receive(message.bytes);
      break;
    case 'flush':
      settle(message.id, () => exporter.forceFlush());
      break;
    case 'shutdown':
      settle(message.id, () => exporter.shutdown());
      break;
  }
});
