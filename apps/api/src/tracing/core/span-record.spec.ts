import { SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { RequestSpan } from './request-span';
import { fromSpanRecord, toSpanRecord } from './span-record';

const resource = resourceFromAttributes({ 'service.name': 'switchyard', 'host.name': 'node-1' });

/** A span the SDK itself recorded, with every part the OTLP serialiser writes. */
function sdkSpan(): ReadableSpan {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const parent = trace.wrapSpanContext({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=value'),
  });
  const span = provider.getTracer('ioredis-instrumentation', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' }).startSpan(
    'GET',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'redis', 'db.operation.name': 'GET', retries: 2, cached: true, keys: ['a', 'b'] },
      links: [{ context: { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: TraceFlags.NONE }, attributes: { why: 'batch' } }],
    },
    trace.setSpan(context.active(), parent),
  );
  span.addEvent('retry', { attempt: 1 });
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'connection reset' });
  span.end();
  return exporter.getFinishedSpans()[0]!;
}

/** What crosses to the exporting thread: the record, as JSON. */
function copied(span: Parameters<typeof toSpanRecord>[0]) {
  return fromSpanRecord(JSON.parse(JSON.stringify(toSpanRecord(span))), resource) as unknown as ReadableSpan;
}

describe(toSpanRecord.name, () => {
  it('should carry an SDK span across as JSON so that OTLP encodes it byte for byte as the original', () => {
    const span = sdkSpan();

    const original = ProtobufTraceSerializer.serializeRequest([span])!;
    const afterCopy = ProtobufTraceSerializer.serializeRequest([copied(span)])!;

    expect(Buffer.from(afterCopy).equals(Buffer.from(original))).toBe(true);
  });

  it('should keep the parent, its remoteness and trace state, the links, events and status', () => {
    const span = sdkSpan();

    const copy = copied(span);

    expect(copy.parentSpanContext).toEqual(expect.objectContaining({ spanId: 'b7ad6b7169203331', isRemote: true }));
    expect(copy.parentSpanContext!.traceState!.serialize()).toBe('vendor=value');
    expect(copy.spanContext()).toEqual(expect.objectContaining({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId }));
    expect(copy.links).toEqual([expect.objectContaining({ attributes: { why: 'batch' } })]);
    expect(copy.events).toEqual([expect.objectContaining({ name: 'retry', attributes: { attempt: 1 } })]);
    expect(copy.status).toEqual({ code: SpanStatusCode.ERROR, message: 'connection reset' });
    expect(copy.instrumentationScope).toEqual({
      name: 'ioredis-instrumentation',
      version: '1.2.3',
      schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
    });
    expect(copy.duration).toEqual(span.duration);
  });

  it('should carry a request span the same way', () => {
    const clock = () => 1_764_000_000_123.456;
    const span = new RequestSpan(
      {
        name: 'GET /api/v1/spaces/:id',
        spanContext: { traceId: '3'.repeat(32), spanId: '4'.repeat(16), traceFlags: TraceFlags.SAMPLED },
        parentSpanContext: undefined,
        attributes: { 'http.request.method': 'GET' },
        startMs: 1_764_000_000_100.25,
      },
      clock,
      { onEnd: () => undefined },
      resource,
      { name: 'switchyard-http' },
    );
    span.end();

    const original = ProtobufTraceSerializer.serializeRequest([span as unknown as ReadableSpan])!;
    const afterCopy = ProtobufTraceSerializer.serializeRequest([copied(span)])!;

    expect(Buffer.from(afterCopy).equals(Buffer.from(original))).toBe(true);
  });
});
