import type { Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import { hrTimeDuration } from '@opentelemetry/core';

/** The parts of an ended span the OTLP serialiser reads (a `ReadableSpan` without its resource). */
export interface EndedSpan {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: { name: string; time: HrTime; attributes?: Attributes; droppedAttributesCount?: number }[];
  readonly instrumentationScope: { name: string; version?: string; schemaUrl?: string };
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

interface ContextRecord {
  t: string;
  s: string;
  f: number;
  r?: boolean;
  ts?: string;
}

/**
 * An ended span as plain data, for the exporting thread (design.md D71): what `structuredClone` or
 * `JSON.stringify` copy cheaply, nothing with methods. Short keys, because a batch of them is copied.
 */
export interface SpanRecord {
  n: string;
  k: SpanKind;
  c: ContextRecord;
  p?: ContextRecord;
  st: HrTime;
  et: HrTime;
  sc: number;
  sm?: string;
  a: Attributes;
  e?: { n: string; t: HrTime; a?: Attributes; d?: number }[];
  l?: { c: ContextRecord; a?: Attributes; d?: number }[];
  d?: [number, number, number];
  /** The instrumentation scope: name, version, schema URL. */
  o: [string, string?, string?];
}

export function toSpanRecord(span: EndedSpan): SpanRecord {
  const scope = span.instrumentationScope;
  const record: SpanRecord = {
    n: span.name,
    k: span.kind,
    c: contextRecordOf(span.spanContext()),
    st: span.startTime,
    et: span.endTime,
    sc: span.status.code,
    a: span.attributes,
    o:
      scope.schemaUrl !== undefined
        ? [scope.name, scope.version, scope.schemaUrl]
        : scope.version !== undefined
          ? [scope.name, scope.version]
          : [scope.name],
  };
  if (span.parentSpanContext !== undefined) record.p = contextRecordOf(span.parentSpanContext);
  if (span.status.message) record.sm = span.status.message;
  if (span.events.length > 0)
    record.e = span.events.map((event) => ({ n: event.name, t: event.time, a: event.attributes, d: event.droppedAttributesCount }));
  if (span.links.length > 0)
    record.l = span.links.map((link) => ({ c: contextRecordOf(link.context), a: link.attributes, d: link.droppedAttributesCount }));
  if (span.droppedAttributesCount + span.droppedEventsCount + span.droppedLinksCount > 0)
    record.d = [span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount];
  return record;
}

/** The record as the span the OTLP serialiser reads; `resource` is the exporting side's copy. */
export function fromSpanRecord<R>(record: SpanRecord, resource: R): EndedSpan & { resource: R; duration: HrTime; ended: true } {
  const context = spanContextOf(record.c);
  const [name, version, schemaUrl] = record.o;
  const dropped = record.d ?? [0, 0, 0];
  return {
    name: record.n,
    kind: record.k,
    spanContext: () => context,
    parentSpanContext: record.p === undefined ? undefined : spanContextOf(record.p),
    startTime: record.st,
    endTime: record.et,
    duration: hrTimeDuration(record.st, record.et),
    ended: true,
    status: record.sm === undefined ? { code: record.sc } : { code: record.sc, message: record.sm },
    attributes: record.a,
    links: (record.l ?? []).map((link) => ({ context: spanContextOf(link.c), attributes: link.a, droppedAttributesCount: link.d })),
    events: (record.e ?? []).map((event) => ({ name: event.n, time: event.t, attributes: event.a, droppedAttributesCount: event.d })),
    resource,
    instrumentationScope: schemaUrl !== undefined ? { name, version, schemaUrl } : version !== undefined ? { name, version } : { name },
    droppedAttributesCount: dropped[0],
    droppedEventsCount: dropped[1],
    droppedLinksCount: dropped[2],
  };
}

function contextRecordOf(context: SpanContext): ContextRecord {
  const record: ContextRecord = { t: context.traceId, s: context.spanId, f: context.traceFlags };
  if (context.isRemote) record.r = true;
  const traceState = context.traceState?.serialize();
  if (traceState) record.ts = traceState;
  return record;
}

function spanContextOf(record: ContextRecord): SpanContext {
  const context: SpanContext = { traceId: record.t, spanId: record.s, traceFlags: record.f, isRemote: record.r === true };
  const serialized = record.ts;
  if (serialized !== undefined) context.traceState = serializedTraceState(serialized);
  return context;
}

/** Only `serialize` is read on this side (by the serialiser); the rest of TraceState is never called. */
function serializedTraceState(serialized: string): NonNullable<SpanContext['traceState']> {
  const unused = (): never => {
    throw new Error('a trace state copied for export is read-only');
  };
  return { serialize: () => serialized, get: () => undefined, set: unused, unset: unused };
}
