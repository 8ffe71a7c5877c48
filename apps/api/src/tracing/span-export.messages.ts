/** A scope the export thread has not seen yet: its id in the span chunks, encoded once (`ScopeSpans.scope`). */
export interface ScopeDefinition {
  id: number;
  bytes: Uint8Array;
  schemaUrl: string | undefined;
}

/**
 * What the request thread tells the exporting thread. `spans.bytes` holds `count` spans, each a varint scope id
 * followed by the span as an element of `ScopeSpans.spans` (tag, length, `Span`).
 */
export type ExportRequest =
  { type: 'spans'; count: number; scopes: ScopeDefinition[]; bytes: Uint8Array } | { type: 'flush' | 'shutdown'; id: number };

/** `exported` reports an export of `count` spans (error set when it failed); `settled` answers a flush or a shutdown. */
export type ExportReply = { type: 'exported'; count: number; error?: string } | { type: 'settled'; id: number; error?: string };

export interface ExportWorkerData {
  protocol: OtlpBinaryProtocol;
  /** `ResourceSpans.resource`, encoded. */
  resource: Uint8Array;
  resourceSchemaUrl: string | undefined;
  /** Spans per OTLP request (OTEL_BSP_MAX_EXPORT_BATCH_SIZE). */
  maxExportBatchSize: number;
  /** The longest a received span waits for its batch to fill (OTEL_BSP_SCHEDULE_DELAY). */
  scheduleDelayMs: number;
}

export const OTLP_TRACES_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
/** The protocols the export thread sends: both carry the protobuf encoding. */
export type OtlpBinaryProtocol = 'http/protobuf' | 'grpc';

/** The OTLP protocol for traces, by the standard variables (the traces-specific one first); http/protobuf by default. */
export function otlpTracesProtocol(environment: NodeJS.ProcessEnv): string {
  return (environment.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || environment.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
}
