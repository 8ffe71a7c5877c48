import { Attributes, SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ScopeSpansBytes, encodeResource, encodeScope, writeExportRequest, writeSpan } from './otlp-span.encoding';
import { ProtobufWriter } from './protobuf.writer';
import { RequestSpan } from './request-span';

const resource = resourceFromAttributes({ 'service.name': 'switchyard', 'host.name': 'node-1', 'process.pid': 4242 });

/** Spans the SDK itself recorded, one per tracer (scope) asked for, in that order. */
function sdkSpans(on: Resource, build: (provider: TracerProvider) => void): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: on, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  build(provider);
  return exporter.getFinishedSpans();
}

/** A client span with every part OTLP carries: remote parent with trace state, links, events, error status. */
function everyPart(provider: TracerProvider, attributes: Attributes): void {
  const parent = trace.wrapSpanContext({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=value,other=1'),
  });
  const span = provider.getTracer('ioredis-instrumentation', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' }).startSpan(
    'GET',
    {
      kind: SpanKind.CLIENT,
      attributes,
      links: [
        { context: { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: TraceFlags.NONE }, attributes: { why: 'batch' } },
        {
          context: { traceId: 'ABCDEF'.padEnd(32, '0'), spanId: '3'.repeat(16), traceFlags: TraceFlags.SAMPLED, isRemote: true },
        },
      ],
    },
    trace.setSpan(context.active(), parent),
  );
  span.addEvent('retry', { attempt: 1 });
  span.addEvent('plain');
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'connection reset — again' });
  span.end();
}

/** What Switchyard's processor and export thread do: each span encoded alone, grouped by scope into a request. */
function encodedRequest(spans: ReadableSpan[], scopeOf: (span: ReadableSpan) => object = (span) => span.instrumentationScope): Buffer {
  const groups = new Map<object, ScopeSpansBytes>();
  for (const span of spans) {
    const key = scopeOf(span);
    let group = groups.get(key);
    if (group === undefined) {
      group = { scope: encodeScope(span.instrumentationScope), schemaUrl: span.instrumentationScope.schemaUrl, spans: [] };
      groups.set(key, group);
    }
    const writer = new ProtobufWriter(16);
    writeSpan(writer, span);
    group.spans.push(writer.finish());
  }
  const writer = new ProtobufWriter(16);
  writeExportRequest(writer, { bytes: encodeResource(spans[0]!.resource), schemaUrl: spans[0]!.resource.schemaUrl }, groups.values());
  return Buffer.from(writer.finish());
}

function officialRequest(spans: ReadableSpan[]): Buffer {
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
}

describe(writeSpan.name, () => {
  it('should encode an SDK span with every part byte for byte as OpenTelemetry serialises it', () => {
    const spans = sdkSpans(resource, (provider) => everyPart(provider, { 'db.system.name': 'redis', retries: 2, cached: true }));

    expect(encodedRequest(spans).equals(officialRequest(spans))).toBe(true);
  });

  it('should encode every kind of attribute value the same way', () => {
    const attributes = {
      ascii: 'GET /api/v1/spaces/:id',
      unicode: 'Zürich → 東京 🚀',
      long: 'x'.repeat(300),
      longUnicode: 'é'.repeat(200),
      empty: '',
      zero: 0,
      negative: -42,
      minimum: Number.MIN_SAFE_INTEGER,
      large: 2 ** 40 + 7,
      huge: 2 ** 62,
      fraction: 0.1,
      negativeFraction: -1234.5,
      notANumber: NaN,
      infinite: Infinity,
      yes: true,
      no: false,
      strings: ['a', 'ü', ''],
      numbers: [1, -1, 2.5],
      booleans: [true, false],
      mixed: ['a', null, undefined, 3],
      emptyList: [],
    } as unknown as Attributes;
    const spans = sdkSpans(resource, (provider) => everyPart(provider, attributes));

    expect(encodedRequest(spans).equals(officialRequest(spans))).toBe(true);
  });

  it('should encode a message longer than 16 KiB (a three-byte length) the same way', () => {
    const spans = sdkSpans(resource, (provider) => everyPart(provider, { statement: 'SELECT 1 -- '.repeat(2000) }));

    expect(encodedRequest(spans).equals(officialRequest(spans))).toBe(true);
  });

  it('should encode a request span the same way', () => {
    const span = new RequestSpan(
      {
        name: 'GET /api/v1/spaces/:id',
        spanContext: { traceId: '3'.repeat(32), spanId: '4'.repeat(16), traceFlags: TraceFlags.SAMPLED },
        parentSpanContext: undefined,
        attributes: { 'http.request.method': 'GET', 'url.path': '/api/v1/spaces/s-1', 'http.route': '/api/v1/spaces/:id' },
        startMs: 1_764_000_000_100.25,
      },
      () => 1_764_000_000_123.456,
      { onEnd: () => undefined },
      resource,
      { name: 'switchyard-http' },
    );
    span.setAttribute('http.response.status_code', 200);
    span.fail(new Error('boom'));
    span.end();
    const spans = [span as unknown as ReadableSpan];

    expect(encodedRequest(spans).equals(officialRequest(spans))).toBe(true);
  });
});

describe(writeExportRequest.name, () => {
  it('should group interleaved spans of several scopes as OpenTelemetry does, in the order each scope first appears', () => {
    const spans = sdkSpans(resourceFromAttributes({ 'service.name': 'switchyard' }, { schemaUrl: 'https://example.com/s' }), (provider) => {
      const http = provider.getTracer('http', '1.0.0');
      const redis = provider.getTracer('ioredis', undefined, { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' });
      for (const tracer of [redis, http, redis, http, http]) tracer.startSpan('work').end();
    });

    expect(encodedRequest(spans).equals(officialRequest(spans))).toBe(true);
  });

  it('should encode a resource with no attributes the same way', () => {
    const spans = sdkSpans(resourceFromAttributes({}), (provider) => provider.getTracer('only').startSpan('one').end());

    expect(encodedRequest(spans).equals(officialRequest(spans))).toBe(true);
  });
});
