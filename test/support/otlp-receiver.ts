import { Server as GrpcServer, ServerCredentials, ServiceDefinition } from '@grpc/grpc-js';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { parse } from 'protobufjs';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  /** The instrumentation scope the span came under. */
  scope: string;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

/** What the receiver reads of an export request, as OTLP/JSON writes it (ids as hex). */
interface ExportRequestBody {
  resourceSpans?: Array<{ scopeSpans?: Array<{ scope?: { name?: string }; spans?: Array<Record<string, unknown>> }> }>;
}

/** The part of opentelemetry-proto's trace service the receiver reads (field numbers as upstream). */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package opentelemetry.proto;
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
  ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message Status { string message = 2; int32 code = 3; }
message Span { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5; int32 kind = 6;
  fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9; Status status = 15; fixed32 flags = 16; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse {}
`;
const ExportTraceServiceRequest = parse(OTLP_TRACE_PROTO, { keepCase: false }).root.lookupType(
  'opentelemetry.proto.ExportTraceServiceRequest',
);

/** A protobuf export request as the JSON encoding would carry it: ids as hex, values under their oneof name. */
function decodeProtobuf(bytes: Uint8Array): ExportRequestBody {
  const decoded = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(bytes), {
    longs: String,
    oneofs: false,
    bytes: Buffer,
  });
  for (const resource of decoded.resourceSpans ?? [])
    for (const scope of resource.scopeSpans ?? [])
      for (const span of scope.spans ?? [])
        for (const id of ['traceId', 'spanId', 'parentSpanId']) span[id] = span[id] ? (span[id] as Buffer).toString('hex') : undefined;
  return decoded as ExportRequestBody;
}

/**
 * An OTLP trace receiver: what a collector, Jaeger or Tempo would get from Switchyard. It takes OTLP/HTTP in
 * JSON or protobuf (by content type) on `tracesUrl`, and OTLP/gRPC on `grpcUrl`.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** The number of spans in each export request received, in order of arrival. */
  readonly batchSizes: number[] = [];
  /** The content type or transport of each export request received, in order of arrival. */
  readonly encodings: string[] = [];
  private server?: Server;
  private grpc?: GrpcServer;
  private grpcPort = 0;

  get tracesUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1/traces`;
  }

  get grpcUrl(): string {
    return `http://127.0.0.1:${this.grpcPort}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const protobuf = request.headers['content-type'] === 'application/x-protobuf';
        this.collect(protobuf ? decodeProtobuf(body) : JSON.parse(body.toString('utf8') || '{}'), protobuf ? 'protobuf' : 'json');
        response.writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' });
        response.end(protobuf ? undefined : '{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.grpc = new GrpcServer();
    const service: ServiceDefinition = {
      Export: {
        path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        requestStream: false,
        responseStream: false,
        requestDeserialize: (bytes: Buffer) => decodeProtobuf(bytes),
        requestSerialize: () => Buffer.alloc(0),
        responseSerialize: () => Buffer.alloc(0),
        responseDeserialize: () => ({}),
      },
    };
    this.grpc.addService(service, {
      Export: (call: { request: ExportRequestBody }, callback: (error: null, response: object) => void) => {
        this.collect(call.request, 'grpc');
        callback(null, {});
      },
    });
    this.grpcPort = await new Promise<number>((resolve, reject) =>
      this.grpc!.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    return this;
  }

  async stop(): Promise<void> {
    this.grpc?.forceShutdown();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  ofTrace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  private collect(body: ExportRequestBody, encoding: string): void {
    const before = this.spans.length;
    for (const resource of body.resourceSpans ?? []) {
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          const attributes = Object.fromEntries(
            ((span.attributes as OtlpAttribute[]) ?? []).map((attribute) => [attribute.key, Object.values(attribute.value)[0]]),
          );
          this.spans.push({
            traceId: String(span.traceId),
            spanId: String(span.spanId),
            parentSpanId: span.parentSpanId ? String(span.parentSpanId) : undefined,
            name: String(span.name),
            kind: Number(span.kind),
            attributes,
            scope: String(scope.scope?.name),
          });
        }
      }
    }
    this.batchSizes.push(this.spans.length - before);
    this.encodings.push(encoding);
  }
}
