import type {
  Attributes,
  AttributeValue,
  Exception,
  HrTime,
  Link,
  Span,
  SpanContext,
  SpanKind,
  SpanStatus,
  SpanStatusCode,
  TimeInput,
} from '@opentelemetry/api';
import { hrTimeDuration, millisToHrTime } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';

/** What a finished span hands on: the span processor's `onEnd`, the same one the SDK's spans end in. */
export interface EndedSpanSink {
  onEnd(span: RequestSpan): void;
}

/** A clock in epoch milliseconds with sub-millisecond digits (`performance.timeOrigin + performance.now()`). */
export type EpochClock = () => number;

export interface RequestSpanStart {
  name: string;
  spanContext: SpanContext;
  parentSpanContext: SpanContext | undefined;
  attributes: Attributes;
  startMs: number;
}

interface TimedEvent {
  name: string;
  time: HrTime;
  attributes: Attributes;
  droppedAttributesCount: number;
}

const SERVER: SpanKind = 1;
const STATUS_UNSET: SpanStatusCode = 0;
const STATUS_ERROR: SpanStatusCode = 2;
const NO_LINKS: Link[] = Object.freeze([]) as unknown as Link[];
const NO_EVENTS: TimedEvent[] = Object.freeze([]) as unknown as TimedEvent[];
const UNSET: SpanStatus = Object.freeze({ code: STATUS_UNSET });

/**
 * The server span of one HTTP request, recorded with as little as a request can carry (design.md D71):
 * two clock reads, the attributes the caller hands over as they are, no limits to enforce (Switchyard
 * sets every attribute itself). It is an OpenTelemetry `Span` to the code that runs inside the request
 * (child spans of ioredis, mysql2 and undici find it in the context) and a `ReadableSpan` to the span
 * processor it ends in. Times are epoch milliseconds until something reads them as `HrTime`.
 */
export class RequestSpan implements Span {
  readonly kind = SERVER;
  // Shared empty lists and status until something is added or set: most request spans never get any.
  links: Link[] = NO_LINKS;
  events: TimedEvent[] = NO_EVENTS;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  readonly parentSpanContext: SpanContext | undefined;
  readonly attributes: Attributes;
  name: string;
  status: SpanStatus = UNSET;
  ended = false;
  private readonly context: SpanContext;
  private readonly startMs: number;
  private endMs = 0;

  constructor(
    start: RequestSpanStart,
    private readonly clock: EpochClock,
    private readonly sink: EndedSpanSink,
    readonly resource: Resource,
    readonly instrumentationScope: { name: string; version?: string },
  ) {
    this.name = start.name;
    this.context = start.spanContext;
    this.parentSpanContext = start.parentSpanContext;
    this.attributes = start.attributes;
    this.startMs = start.startMs;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  get startTime(): HrTime {
    return millisToHrTime(this.startMs);
  }

  get endTime(): HrTime {
    return millisToHrTime(this.endMs);
  }

  get duration(): HrTime {
    return hrTimeDuration(this.startTime, this.endTime);
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (!this.ended && value !== undefined && value !== null) this.attributes[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key of Object.keys(attributes)) this.setAttribute(key, attributes[key]!);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    const timeGiven = isTimeInput(attributesOrTime);
    const attributes = timeGiven ? {} : (attributesOrTime ?? {});
    if (this.events === NO_EVENTS) this.events = [];
    this.events.push({
      name,
      attributes,
      droppedAttributesCount: 0,
      time: millisToHrTime(toEpochMs(timeGiven ? attributesOrTime : time) ?? this.clock()),
    });
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    if (this.links === NO_LINKS) this.links = [];
    this.links.push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (!this.ended) this.status = status;
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  /** Marks the span failed with the error's message, and records the error as an `exception` event. */
  fail(error: Error): void {
    this.setStatus({ code: STATUS_ERROR, message: error.message });
    this.recordException(error);
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.endMs = toEpochMs(endTime) ?? this.clock();
    this.ended = true;
    this.sink.onEnd(this);
  }

  isRecording(): boolean {
    return !this.ended;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') attributes['exception.message'] = exception;
    else {
      if (exception.name ?? exception.code) attributes['exception.type'] = String(exception.name ?? exception.code);
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    this.addEvent('exception', attributes, time);
  }
}

function isTimeInput(value: Attributes | TimeInput | undefined): value is TimeInput {
  return typeof value === 'number' || value instanceof Date || Array.isArray(value);
}

function toEpochMs(time: TimeInput | undefined): number | undefined {
  if (time === undefined) return undefined;
  if (typeof time === 'number') return time;
  if (time instanceof Date) return time.getTime();
  return time[0] * 1000 + time[1] / 1e6;
}
