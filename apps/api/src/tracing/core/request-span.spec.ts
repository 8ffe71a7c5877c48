import { SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { RequestSpan } from './request-span';

function requestSpan(clock: () => number, ended: RequestSpan[] = []) {
  return new RequestSpan(
    {
      name: 'GET /api/v1/spaces/:id',
      spanContext: { traceId: '3'.repeat(32), spanId: '4'.repeat(16), traceFlags: TraceFlags.SAMPLED },
      parentSpanContext: undefined,
      attributes: { 'http.request.method': 'GET' },
      startMs: 1_000.5,
    },
    clock,
    { onEnd: (span) => ended.push(span) },
    resourceFromAttributes({}),
    { name: 'switchyard-http' },
  );
}

describe(RequestSpan.name, () => {
  describe('end', () => {
    it('should hand the span to its sink once, with the time it ended', () => {
      const ended: RequestSpan[] = [];
      const sut = requestSpan(() => 1_002.75, ended);

      sut.end();
      sut.end();

      expect(ended).toEqual([sut]);
      expect(sut.startTime).toEqual([1, 500_000]);
      expect(sut.endTime).toEqual([1, 2_750_000]);
      expect(sut.duration).toEqual([0, 2_250_000]);
      expect(sut.isRecording()).toBe(false);
    });

    it('should ignore attributes, status and events set after it ended', () => {
      const sut = requestSpan(() => 1_002);
      sut.end();

      sut.setAttribute('late', 1).setStatus({ code: SpanStatusCode.ERROR }).addEvent('late');

      expect(sut.attributes).toEqual({ 'http.request.method': 'GET' });
      expect(sut.status.code).toBe(SpanStatusCode.UNSET);
      expect(sut.events).toEqual([]);
    });
  });

  describe('fail', () => {
    it('should mark the span failed with the message and record the error as an exception event', () => {
      const sut = requestSpan(() => 1_001);
      const error = new TypeError('bad input');

      sut.fail(error);

      expect(sut.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
      expect(sut.events).toEqual([
        expect.objectContaining({
          name: 'exception',
          time: [1, 1_000_000],
          attributes: expect.objectContaining({ 'exception.type': 'TypeError', 'exception.message': 'bad input' }),
        }),
      ]);
    });

    it('should keep the events of each span its own', () => {
      const first = requestSpan(() => 1_001);
      const second = requestSpan(() => 1_001);

      first.addEvent('only-first');

      expect(first.events).toHaveLength(1);
      expect(second.events).toEqual([]);
    });
  });
});
