import type { Attributes, AttributeValue, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import { ProtobufWriter, WireType } from './protobuf.writer';

/** The parts of an ended span OTLP carries (a `ReadableSpan` without its resource). */
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
  readonly instrumentationScope: InstrumentationScope;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

export interface InstrumentationScope {
  name: string;
  version?: string;
  schemaUrl?: string;
  attributes?: Attributes;
  droppedAttributesCount?: number;
}

/** A scope's spans, each already encoded by writeSpan, for one `ScopeSpans` of an export request. */
export interface ScopeSpansBytes {
  /** The scope as encodeScope wrote it. */
  scope: Uint8Array;
  schemaUrl: string | undefined;
  spans: Uint8Array[];
}

const { Varint, Fixed64, LengthDelimited, Fixed32 } = WireType;
const CONTEXT_HAS_IS_REMOTE = 0x100;
const CONTEXT_IS_REMOTE = 0x200;
const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

/*
 * OTLP's protobuf encoding of spans, field for field and byte for byte as OpenTelemetry's own
 * ProtobufTraceSerializer writes it (design.md D72), so that a span can be encoded where it ends and its bytes
 * put into an export request elsewhere. Field numbers are opentelemetry-proto's trace/v1 and common/v1.
 */

/** One span as an element of `ScopeSpans.spans` (field 2): its tag, its length, the `Span` message. */
export function writeSpan(writer: ProtobufWriter, span: EndedSpan): void {
  writer.tag(2, LengthDelimited);
  const lengthAt = writer.startMessage();
  const context = span.spanContext();
  writeContext(writer, context);
  const parent = span.parentSpanContext;
  if (parent?.spanId) {
    writer.tag(4, LengthDelimited);
    writer.hexBytes(parent.spanId);
  }
  writer.tag(5, LengthDelimited);
  writer.string(span.name);
  // OTLP's SpanKind counts from UNSPECIFIED = 0; the API's from INTERNAL = 0.
  const kind = span.kind == null ? 0 : span.kind + 1;
  if (kind !== 0) {
    writer.tag(6, Varint);
    writer.varint(kind);
  }
  writer.tag(7, Fixed64);
  writeHrTime(writer, span.startTime);
  writer.tag(8, Fixed64);
  writeHrTime(writer, span.endTime);
  if (span.attributes) writeAttributes(writer, span.attributes, 9);
  writer.tag(10, Varint);
  writer.varint(span.droppedAttributesCount);
  for (const event of span.events) {
    writer.tag(11, LengthDelimited);
    const eventAt = writer.startMessage();
    writer.tag(1, Fixed64);
    writeHrTime(writer, event.time);
    writer.tag(2, LengthDelimited);
    writer.string(event.name);
    if (event.attributes) writeAttributes(writer, event.attributes, 3);
    writer.tag(4, Varint);
    writer.varint(event.droppedAttributesCount || 0);
    writer.finishMessage(eventAt);
  }
  writer.tag(12, Varint);
  writer.varint(span.droppedEventsCount);
  for (const link of span.links) writeLink(writer, link);
  writer.tag(14, Varint);
  writer.varint(span.droppedLinksCount);
  writer.tag(15, LengthDelimited);
  const statusAt = writer.startMessage();
  if (span.status.message) {
    writer.tag(2, LengthDelimited);
    writer.string(span.status.message);
  }
  writer.tag(3, Varint);
  writer.varint(span.status.code);
  writer.finishMessage(statusAt);
  writer.tag(16, Fixed32);
  writer.fixed32(spanFlags(context.traceFlags, parent?.isRemote));
  writer.finishMessage(lengthAt);
}

/** `ScopeSpans.scope` (field 1) with its tag: encoded once per scope, copied into every request. */
export function encodeScope(scope: InstrumentationScope): Uint8Array {
  const writer = new ProtobufWriter(256);
  writer.tag(1, LengthDelimited);
  const lengthAt = writer.startMessage();
  writer.tag(1, LengthDelimited);
  writer.string(scope.name);
  if (scope.version) {
    writer.tag(2, LengthDelimited);
    writer.string(scope.version);
  }
  if (scope.attributes) writeAttributes(writer, scope.attributes, 3);
  if (scope.droppedAttributesCount) {
    writer.tag(4, Varint);
    writer.varint(scope.droppedAttributesCount);
  }
  writer.finishMessage(lengthAt);
  return writer.finish();
}

/** `ResourceSpans.resource` (field 1) with its tag. */
export function encodeResource(resource: { attributes?: Attributes }): Uint8Array {
  const writer = new ProtobufWriter(1024);
  writer.tag(1, LengthDelimited);
  const lengthAt = writer.startMessage();
  if (resource.attributes) writeAttributes(writer, resource.attributes, 1);
  writer.tag(2, Varint);
  writer.varint(0);
  writer.finishMessage(lengthAt);
  return writer.finish();
}

/** An `ExportTraceServiceRequest` of one resource's spans, scope by scope in the order given. */
export function writeExportRequest(
  writer: ProtobufWriter,
  resource: { bytes: Uint8Array; schemaUrl: string | undefined },
  scopes: Iterable<ScopeSpansBytes>,
): void {
  writer.tag(1, LengthDelimited);
  const resourceSpansAt = writer.startMessage();
  writer.raw(resource.bytes);
  for (const scope of scopes) {
    writer.tag(2, LengthDelimited);
    const scopeSpansAt = writer.startMessage();
    writer.raw(scope.scope);
    for (const span of scope.spans) writer.raw(span);
    if (scope.schemaUrl) {
      writer.tag(3, LengthDelimited);
      writer.string(scope.schemaUrl);
    }
    writer.finishMessage(scopeSpansAt);
  }
  if (resource.schemaUrl) {
    writer.tag(3, LengthDelimited);
    writer.string(resource.schemaUrl);
  }
  writer.finishMessage(resourceSpansAt);
}

function writeLink(writer: ProtobufWriter, link: Link): void {
  writer.tag(13, LengthDelimited);
  const lengthAt = writer.startMessage();
  const context = link.context;
  writeContext(writer, context);
  if (link.attributes) writeAttributes(writer, link.attributes, 4);
  writer.tag(5, Varint);
  writer.varint(link.droppedAttributesCount || 0);
  writer.tag(6, Fixed32);
  writer.fixed32(spanFlags(context.traceFlags, context.isRemote));
  writer.finishMessage(lengthAt);
}

/** Trace id, span id and trace state: fields 1-3 of both `Span` and `Span.Link`. */
function writeContext(writer: ProtobufWriter, context: SpanContext): void {
  writer.tag(1, LengthDelimited);
  writer.hexBytes(context.traceId);
  writer.tag(2, LengthDelimited);
  writer.hexBytes(context.spanId);
  const traceState = context.traceState?.serialize();
  if (traceState) {
    writer.tag(3, LengthDelimited);
    writer.string(traceState);
  }
}

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | CONTEXT_HAS_IS_REMOTE | (isRemote ? CONTEXT_IS_REMOTE : 0);
}

/** HrTime as fixed64 nanoseconds, computed in 32-bit halves: seconds × 10^9 does not fit a double exactly. */
function writeHrTime(writer: ProtobufWriter, time: HrTime): void {
  const [seconds, nanos] = time;
  const fromLow16 = (seconds & 0xffff) * 1e9;
  const fromHigh = ((seconds / 0x10000) >>> 0) * 1e9;
  const lowWithCarry = (fromLow16 >>> 0) + (((fromHigh & 0xffff) * 0x10000) >>> 0) + nanos;
  const high = Math.floor(fromLow16 / 0x100000000) + ((fromHigh / 0x10000) >>> 0) + Math.floor(lowWithCarry / 0x100000000);
  writer.fixed64(lowWithCarry >>> 0, high >>> 0);
}

/** Repeated `KeyValue` in field `field`. */
function writeAttributes(writer: ProtobufWriter, attributes: Attributes, field: number): void {
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    writer.tag(field, LengthDelimited);
    const keyValueAt = writer.startMessage();
    writeKeyValue(writer, key, attributes[key]);
    writer.finishMessage(keyValueAt);
  }
}

function writeKeyValue(writer: ProtobufWriter, key: string, value: unknown): void {
  writer.tag(1, LengthDelimited);
  writer.string(key);
  writer.tag(2, LengthDelimited);
  const valueAt = writer.startMessage();
  writeAnyValue(writer, value);
  writer.finishMessage(valueAt);
}

function writeAnyValue(writer: ProtobufWriter, value: AttributeValue | unknown): void {
  switch (typeof value) {
    case 'string':
      writer.tag(1, LengthDelimited);
      writer.string(value);
      return;
    case 'boolean':
      writer.tag(2, Varint);
      writer.varint(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
        writer.tag(3, Varint);
        writer.varint(value);
      } else {
        writer.tag(4, Fixed64);
        writer.double(value);
      }
      return;
  }
  if (value instanceof Uint8Array) {
    writer.tag(7, LengthDelimited);
    writer.bytes(value);
  } else if (Array.isArray(value)) {
    writer.tag(5, LengthDelimited);
    const arrayAt = writer.startMessage();
    for (const item of value) {
      writer.tag(1, LengthDelimited);
      const itemAt = writer.startMessage();
      writeAnyValue(writer, item);
      writer.finishMessage(itemAt);
    }
    writer.finishMessage(arrayAt);
  } else if (typeof value === 'object' && value !== null) {
    writer.tag(6, LengthDelimited);
    const listAt = writer.startMessage();
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      writer.tag(1, LengthDelimited);
      const keyValueAt = writer.startMessage();
      writeKeyValue(writer, key, (value as Record<string, unknown>)[key]);
      writer.finishMessage(keyValueAt);
    }
    writer.finishMessage(listAt);
  }
}
