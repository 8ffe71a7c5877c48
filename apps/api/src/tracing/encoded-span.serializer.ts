import { IExportTraceServiceResponse, IExporterMetricsHelper, ISerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { ScopeSpansBytes, writeExportRequest } from './core/otlp-span.encoding';
import { ProtobufWriter } from './core/protobuf.writer';
import { ScopeDefinition } from './span-export.messages';

/** A span encoded where it ended (tag, length, `Span`), with the id of its scope. */
export interface EncodedSpan {
  scope: number;
  bytes: Uint8Array;
}

/** What OpenTelemetry's exporter metrics count in a batch: its spans. */
export const encodedSpanMetrics: IExporterMetricsHelper<EncodedSpan[]> = { name: 'span', countItems: (spans) => spans.length };

/**
 * The serialiser OpenTelemetry's OTLP transport calls with each batch (design.md D72): the spans are already
 * encoded, so an export request is their bytes grouped by scope under the process's resource, in the order each
 * scope first appears, as ProtobufTraceSerializer would write them. Responses are read by OpenTelemetry's own.
 */
export class EncodedSpanSerializer implements ISerializer<EncodedSpan[], IExportTraceServiceResponse> {
  private readonly scopes = new Map<number, ScopeDefinition>();

  constructor(private readonly resource: { bytes: Uint8Array; schemaUrl: string | undefined }) {}

  defineScope(scope: ScopeDefinition): void {
    this.scopes.set(scope.id, scope);
  }

  serializeRequest(spans: EncodedSpan[]): Uint8Array {
    const groups = new Map<number, ScopeSpansBytes>();
    let size = this.resource.bytes.length + 64;
    for (const span of spans) {
      let group = groups.get(span.scope);
      if (group === undefined) {
        const scope = this.scopes.get(span.scope);
        if (scope === undefined) throw new Error(`span export: scope ${span.scope} was never defined`);
        group = { scope: scope.bytes, schemaUrl: scope.schemaUrl, spans: [] };
        groups.set(span.scope, group);
        size += scope.bytes.length + (scope.schemaUrl?.length ?? 0) * 3 + 16;
      }
      group.spans.push(span.bytes);
      size += span.bytes.length;
    }
    const writer = new ProtobufWriter(size);
    writeExportRequest(writer, this.resource, groups.values());
    return writer.finish();
  }

  deserializeResponse(data: Uint8Array): IExportTraceServiceResponse {
    return ProtobufTraceSerializer.deserializeResponse(data);
  }
}
