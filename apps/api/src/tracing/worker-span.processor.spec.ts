import { TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OtlpReceiver } from '../../../../test/support/otlp-receiver';
import { eventually } from '../../../../test/support/poll';
import { RequestSpan } from './core/request-span';
import { WorkerSpanProcessor } from './worker-span.processor';

const resource = resourceFromAttributes({ 'service.name': 'switchyard-test' });
let sequence = 0;

function requestSpan(sampled = true): RequestSpan {
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
    { name: 'switchyard-http' },
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

  const processor = (maxQueueSize = 100) =>
    (sut = new WorkerSpanProcessor({
      resource,
      maxQueueSize,
      maxExportBatchSize: 10,
      scheduleDelayMs: 50,
      exportTimeoutMs: 10_000,
      // The export thread reads the standard variables, as it would in production.
      environment: { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl },
    }));

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

      const exported = await eventually(() => receiver.spans.find((received) => received.spanId === span.spanContext().spanId), {
        message: 'the lone span to be exported without a flush',
      });

      expect(exported.name).toBe(span.name);
    });
  });

  describe('onEnd', () => {
    it('should hold at most maxQueueSize spans and drop the ones past it', async () => {
      const spans = [requestSpan(), requestSpan(), requestSpan(), requestSpan(), requestSpan()];
      const sut = processor(2);

      for (const span of spans) sut.onEnd(span);
      await sut.forceFlush();

      const exported = spans.filter((span) => receiver.spans.some((received) => received.spanId === span.spanContext().spanId));
      expect(exported).toEqual(spans.slice(0, 2));
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
