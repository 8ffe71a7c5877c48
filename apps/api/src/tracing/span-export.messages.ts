import type { Attributes } from '@opentelemetry/api';

/** What the request thread tells the exporting thread; `spans` is a JSON array of SpanRecord (one string to copy). */
export type ExportRequest = { type: 'spans'; spans: string } | { type: 'flush' | 'shutdown'; id: number };

/** `exported` reports an export of `count` spans (error set when it failed); `settled` answers a flush or a shutdown. */
export type ExportReply = { type: 'exported'; count: number; error?: string } | { type: 'settled'; id: number; error?: string };

export interface ExportWorkerData {
  resourceAttributes: Attributes;
  resourceSchemaUrl: string | undefined;
  /** Spans per OTLP request (OTEL_BSP_MAX_EXPORT_BATCH_SIZE). */
  maxExportBatchSize: number;
  /** The longest a received span waits for its batch to fill (OTEL_BSP_SCHEDULE_DELAY). */
  scheduleDelayMs: number;
}

export const OTLP_TRACES_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

/** The OTLP protocol for traces, by the standard variables (the traces-specific one first); http/protobuf by default. */
export function otlpTracesProtocol(environment: NodeJS.ProcessEnv): string {
  return (environment.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || environment.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
}
