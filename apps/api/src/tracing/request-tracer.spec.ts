import { Span, TraceFlags, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler } from '@opentelemetry/sdk-trace';
import { RequestSpan } from './core/request-span';
import { PooledRandomIdGenerator } from './pooled-random-id.generator';
import { RequestTracer } from './request-tracer';

const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';

function tracer(root = new AlwaysOnSampler(), ended: Span[] = []) {
  return new RequestTracer({
    sampler: new ParentBasedSampler({ root }),
    idGenerator: new PooledRandomIdGenerator(),
    sink: { onEnd: (span) => ended.push(span) },
    resource: resourceFromAttributes({}),
    clock: () => 1_000,
  });
}

describe(RequestTracer.name, () => {
  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());

  describe('start', () => {
    it('should start a recorded root span named after the route, active in the context it returns', () => {
      const sut = tracer();

      const { span, context } = sut.start({ method: 'GET', route: '/api/v1/spaces/:id', url: '/api/v1/spaces/42?x=1', headers: {} });

      expect(span).toBeInstanceOf(RequestSpan);
      expect((span as RequestSpan).name).toBe('GET /api/v1/spaces/:id');
      expect((span as RequestSpan).attributes).toEqual({
        'http.request.method': 'GET',
        'url.path': '/api/v1/spaces/42',
        'http.route': '/api/v1/spaces/:id',
      });
      expect((span as RequestSpan).parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceFlags).toBe(TraceFlags.SAMPLED);
      expect(trace.getSpan(context)).toBe(span);
    });

    it("should continue the caller's trace from its traceparent, under the caller's span", () => {
      const sut = tracer();

      const { span } = sut.start({
        method: 'POST',
        route: undefined,
        url: '/nowhere',
        headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
      });

      expect(span.spanContext().traceId).toBe(CALLER_TRACE);
      expect(span.spanContext().spanId).not.toBe(CALLER_SPAN);
      expect((span as RequestSpan).parentSpanContext).toEqual(expect.objectContaining({ spanId: CALLER_SPAN, isRemote: true }));
      expect((span as RequestSpan).name).toBe('POST');
    });

    it('should follow a caller that did not sample: a span that records nothing but carries the trace on', () => {
      const ended: Span[] = [];
      const sut = tracer(new AlwaysOnSampler(), ended);

      const { span } = sut.start({
        method: 'GET',
        route: '/a',
        url: '/a',
        headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-00` },
      });
      span.end();

      expect(span.isRecording()).toBe(false);
      expect(span.spanContext()).toEqual(expect.objectContaining({ traceId: CALLER_TRACE, traceFlags: TraceFlags.NONE }));
      expect(ended).toEqual([]);
    });

    it('should record nothing when the sampler drops the root', () => {
      const sut = tracer(new AlwaysOffSampler());

      const { span } = sut.start({ method: 'GET', route: '/a', url: '/a', headers: {} });

      expect(span.isRecording()).toBe(false);
      expect(span.spanContext().traceFlags).toBe(TraceFlags.NONE);
    });
  });
});
