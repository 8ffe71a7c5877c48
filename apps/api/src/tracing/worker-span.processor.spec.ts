import { TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OtlpReceiver } from '../../../../test/support/otlp-receiver';
import { eventually } from '../../../../test/support/poll';
import { RequestSpan } from './core/request-span';
import { WorkerSpanProcessor } from './worker-span.processor';

const resource = resourceFromAttributes({ 'service.name': 'switchyard-test' });
let sequence = 0;

function requestSpan(scope: { name: string; version?: string } | boolean = { name: 'switchyard-http' }): RequestSpan {
  const sampled = scope !== false;
  sequence += 1;
  return new RequestSpan(
    {
      name: `GET /things/${sequence}`,
      spanContext: {
        traceId: sequence.toString(16).padStart(32, 'a'),
        spanId: sequence.toString(16).padStart(16, 'b'),
        traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      },
      parentSpanContext: {
        traceId: sequence.toString(16).padStart(32, 'a'),
        spanId: 'c'.repeat(16),
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
      },
      attributes: { 'http.request.method': 'GET', 'http.route': '/things/:id' },
      startMs: Date.now() - 5,
    },
    () => Date.now(),
    { onEnd: () => undefined },
    resource,
    typeof scope === 'object' ? scope : { name: 'switchyard-http' },
  );
}

describe(WorkerSpanProcessor.name, () => {
  let receiver: OtlpReceiver;
  let sut: WorkerSpanProcessor | undefined;

  beforeAll(async () => {
    receiver = await new OtlpReceiver().start();
  });

  afterEach(async () => {
    await sut?.shutdown();
    sut = undefined;
  });

  afterAll(async () => {
    await receiver.stop();
  });

  const processor = (maxQueueSize = 100, protocol: 'http/protobuf' | 'grpc' = 'http/protobuf') =>
    (sut = new WorkerSpanProcessor({
      protocol,
      resource,
      maxQueueSize,
      maxExportBatchSize: 10,
      scheduleDelayMs: 50,
      exportTimeoutMs: 10_000,
      // The export thread reads the standard variables, as it would in production.
      environment: {
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: protocol === 'grpc' ? receiver.grpcUrl : receiver.tracesUrl,
      },
    }));
  const exported = (span: { spanContext(): { spanId: string } }) =>
    receiver.spans.find((received) => received.spanId === span.spanContext().spanId);

  describe('forceFlush', () => {
    it('should have exported every sampled span that ended, from its own thread, as OTLP', async () => {
      const spans = [requestSpan(), requestSpan(), requestSpan()];
      const sampler = processor();

      for (const span of spans) sampler.onEnd(span);
      await sampler.forceFlush();

      const received = spans.map((span) => receiver.spans.find((candidate) => candidate.spanId === span.spanContext().spanId));
      expect(received).toEqual(
        spans.map((span) =>
          expect.objectContaining({
            name: span.name,
            traceId: span.spanContext().traceId,
            parentSpanId: 'c'.repeat(16),
            kind: 2,
            attributes: { 'http.request.method': 'GET', 'http.route': '/things/:id' },
          }),
        ),
      );
    });

    it('should send the same spans over OTLP/gRPC when the protocol is grpc', async () => {
      const span = requestSpan();
      const sut = processor(100, 'grpc');
      const grpcRequestsBefore = receiver.encodings.filter((encoding) => encoding === 'grpc').length;

      sut.onEnd(span);
      await sut.forceFlush();

      expect(exported(span)).toEqual(expect.objectContaining({ name: span.name, parentSpanId: 'c'.repeat(16), scope: 'switchyard-http' }));
      expect(receiver.encodings.filter((encoding) => encoding === 'grpc').length).toBe(grpcRequestsBefore + 1);
    });

    it('should keep each span under its own instrumentation scope', async () => {
      const http = requestSpan();
      const redis = requestSpan({ name: 'ioredis-instrumentation', version: '1.0.0' });
      const sut = processor();

      for (const span of [http, redis, requestSpan()]) sut.onEnd(span);
      await sut.forceFlush();

      expect([exported(http)?.scope, exported(redis)?.scope]).toEqual(['switchyard-http', 'ioredis-instrumentation']);
    });

    it('should drop a span it cannot encode and export the others', async () => {
      const malformed = requestSpan();
      Object.assign(malformed.spanContext(), { spanId: 'not-hex-at-all!!' });
      const fine = requestSpan();
      const sut = processor();

      sut.onEnd(malformed);
      sut.onEnd(fine);
      await sut.forceFlush();

      expect(exported(fine)).toEqual(expect.objectContaining({ name: fine.name }));
      expect(receiver.spans.some((span) => span.name === malformed.name)).toBe(false);
    });

    it('should leave out spans that were not sampled', async () => {
      const unsampled = requestSpan(false);
      const sut = processor();

      sut.onEnd(unsampled);
      await sut.forceFlush();

      expect(receiver.spans.some((span) => span.spanId === unsampled.spanContext().spanId)).toBe(false);
    });
  });

  describe('batching', () => {
    it('should send OTLP requests of at most maxExportBatchSize spans', async () => {
      const spans = Array.from({ length: 25 }, () => requestSpan());
      const sut = processor();
      const requestsBefore = receiver.batchSizes.length;

      for (const span of spans) sut.onEnd(span);
      await sut.forceFlush();

      expect(receiver.batchSizes.slice(requestsBefore).sort((a, b) => b - a)).toEqual([10, 10, 5]);
    });

    it('should send a batch that never fills once its first span has waited the schedule delay', async () => {
      const span = requestSpan();
      const sut = processor();

      sut.onEnd(span);

      const lone = await eventually(() => exported(span), {
        message: 'the lone span to be exported without a flush',
      });

      expect(lone.name).toBe(span.name);
    });
  });

  describe('onEnd', () => {
    it('should hold at most maxQueueSize spans and drop the ones past it', async () => {
      const spans = [requestSpan(), requestSpan(), requestSpan(), requestSpan(), requestSpan()];
      const sut = processor(2);

      for (const span of spans) sut.onEnd(span);
      await sut.forceFlush();

      expect(spans.filter((span) => exported(span) !== undefined)).toEqual(spans.slice(0, 2));
    });
  });

  describe('shutdown', () => {
    it('should export what it still holds, then take no more spans', async () => {
      const held = requestSpan();
      const late = requestSpan();
      const sut = processor();
      sut.onEnd(held);

      await sut.shutdown();
      sut.onEnd(late);

      expect(receiver.spans.some((span) => span.spanId === held.spanContext().spanId)).toBe(true);
      expect(receiver.spans.some((span) => span.spanId === late.spanContext().spanId)).toBe(false);
    });
  });
});
