import type { Attributes } from '@opentelemetry/api';

/** What the request thread tells the exporting thread; `spans` is a JSON array of SpanRecord (one string to copy). */
export type ExportRequest = { type: 'export'; id: number; spans: string } | { type: 'flush' | 'shutdown'; id: number };

/** `exported` answers an export (error set when it failed); `settled` a flush or a shutdown. */
export type ExportReply = { type: 'exported'; id: number; count: number; error?: string } | { type: 'settled'; id: number; error?: string };

export interface ExportWorkerData {
  resourceAttributes: Attributes;
  resourceSchemaUrl: string | undefined;
}

export const OTLP_TRACES_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

/** The OTLP protocol for traces, by the standard variables (the traces-specific one first); http/protobuf by default. */
export function otlpTracesProtocol(environment: NodeJS.ProcessEnv): string {
  return (environment.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || environment.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
}
