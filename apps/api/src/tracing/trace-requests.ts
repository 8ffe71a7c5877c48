import { Span, SpanStatusCode, context } from '@opentelemetry/api';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { RequestSpan } from './core/request-span';
import { RequestTracer } from './request-tracer';

/** Where the preloaded tracing (tracing.ts) leaves its request tracer for the app it preloads. */
export const REQUEST_TRACER = Symbol.for('switchyard.tracing.requests');

const SPAN = Symbol('switchyard.request-span');
type TracedRequest = FastifyRequest & { [SPAN]: Span | null };

/** The request tracer the tracing preload started, if it started one. */
export function preloadedRequestTracer(): RequestTracer | undefined {
  return (globalThis as Record<symbol, RequestTracer | undefined>)[REQUEST_TRACER];
}

/**
 * One server span per request, from the first onRequest hook to the response's end, the span active for
 * everything the request runs (Nest, the gateway, the drivers' instrumentations). Probes and scrapes are
 * not traced: `quietRoutes` are route templates.
 */
export function traceRequests(fastify: FastifyInstance, tracer: RequestTracer, quietRoutes: readonly string[]): void {
  const quiet = new Set(quietRoutes);
  // A decorated property (set on every request, so every request object has the same shape).
  fastify.decorateRequest(SPAN, null);
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && quiet.has(route)) return done();
    const started = tracer.start({ method: request.method, route, url: request.url, headers: request.headers });
    (request as TracedRequest)[SPAN] = started.span;
    context.with(started.context, done);
  });
  fastify.addHook('onError', (request, _reply, error, done) => {
    const span = (request as TracedRequest)[SPAN];
    if (span instanceof RequestSpan) span.fail(error);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const span = (request as TracedRequest)[SPAN];
    if (span instanceof RequestSpan) {
      const status = reply.statusCode;
      span.setAttribute('http.response.status_code', status);
      if (status >= 500 && span.status.code === SpanStatusCode.UNSET) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}
