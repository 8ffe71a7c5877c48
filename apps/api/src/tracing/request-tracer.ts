import { Attributes, Context, ROOT_CONTEXT, SamplingDecision, Span, SpanContext, TraceFlags, propagation, trace } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { IdGenerator, Sampler } from '@opentelemetry/sdk-trace';
import { EndedSpanSink, EpochClock, RequestSpan } from './core/request-span';

export interface RequestTracerOptions {
  sampler: Sampler;
  idGenerator: IdGenerator;
  sink: EndedSpanSink;
  resource: Resource;
  clock: EpochClock;
}

export interface IncomingRequest {
  method: string;
  /** The route template (`/api/v1/spaces/:id`), undefined when no route matched. */
  route: string | undefined;
  /** The request target as sent (path and query). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface StartedRequest {
  span: Span;
  /** The context the rest of the request runs in: the span, under the caller's trace when it sent one. */
  context: Context;
}

const SERVER = 1;
const SCOPE = { name: 'switchyard-http' };
const NO_LINKS: [] = [];

/**
 * Starts the server span of each request (design.md D71). The sampler, id generator and span processor are the
 * SDK's own, shared with every instrumentation, so the sampling decision and the export are the same; what is
 * left out is the SDK's general span (limits, attribute checks, a clock per call) and @fastify/otel's hooks.
 */
export class RequestTracer {
  private contextHeaders: string[] | undefined;

  constructor(private readonly options: RequestTracerOptions) {}

  start(request: IncomingRequest): StartedRequest {
    // Only a request that carries one of the configured propagators' headers pays for extracting them.
    const carried = this.carriesContext(request.headers);
    const parentContext = carried ? propagation.extract(ROOT_CONTEXT, request.headers) : ROOT_CONTEXT;
    const parent = carried ? trace.getSpanContext(parentContext) : undefined;
    const validParent = parent !== undefined && trace.isSpanContextValid(parent) ? parent : undefined;
    const traceId = validParent?.traceId ?? this.options.idGenerator.generateTraceId();
    const spanId = this.options.idGenerator.generateSpanId();
    const name = request.route === undefined ? request.method : `${request.method} ${request.route}`;
    const attributes: Attributes = { 'http.request.method': request.method, 'url.path': pathOf(request.url) };
    if (request.route !== undefined) attributes['http.route'] = request.route;
    const sampling = this.options.sampler.shouldSample(parentContext, traceId, name, SERVER, attributes, NO_LINKS);
    const spanContext: SpanContext = {
      traceId,
      spanId,
      traceFlags: sampling.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
      traceState: sampling.traceState ?? validParent?.traceState,
    };
    const span =
      sampling.decision === SamplingDecision.NOT_RECORD
        ? trace.wrapSpanContext(spanContext)
        : new RequestSpan(
            {
              name,
              spanContext,
              parentSpanContext: validParent,
              attributes: sampling.attributes === undefined ? attributes : Object.assign(attributes, sampling.attributes),
              startMs: this.options.clock(),
            },
            this.options.clock,
            this.options.sink,
            this.options.resource,
            SCOPE,
          );
    return { span, context: trace.setSpan(parentContext, span) };
  }

  private carriesContext(headers: IncomingRequest['headers']): boolean {
    // Read on first use: the SDK registers the propagators when it starts, after this tracer is built.
    this.contextHeaders ??= propagation.fields();
    for (const header of this.contextHeaders) if (headers[header] !== undefined) return true;
    return false;
  }
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
