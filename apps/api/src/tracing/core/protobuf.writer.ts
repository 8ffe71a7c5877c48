/** Protobuf wire types used by OTLP. */
export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, Fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

const TWO_TO_32 = 4_294_967_296;
const utf8 = new TextEncoder();
/** Nibble by character code for '0'-'9', 'a'-'f' and 'A'-'F'; 255 for any other character. */
const HEX = new Uint8Array(65_536).fill(255);
for (let digit = 0; digit < 16; digit++) {
  HEX['0123456789abcdef'.charCodeAt(digit)] = digit;
  HEX['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}

/**
 * A protobuf writer that encodes the way OpenTelemetry's OTLP serialiser does, byte for byte (design.md D72):
 * the same varints for negative and 64-bit numbers, length prefixes reserved as one byte and widened when a
 * message turns out longer. One pass, no size estimate; the buffer doubles when it fills.
 */
export class ProtobufWriter {
  private buffer: Buffer;
  private view: DataView;
  pos = 0;

  constructor(private readonly initialSize = 65_536) {
    // Not zeroed: every byte is written before it is read.
    this.buffer = Buffer.allocUnsafeSlow(initialSize);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset);
  }

  /** The bytes written, a view of the writer's buffer: valid until the next write after a reset. */
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.pos);
  }

  /** Starts over: on the same buffer, or on a new one of `initialSize` if it has grown past `largest` bytes. */
  reset(largest = Infinity): void {
    this.pos = 0;
    if (this.buffer.length <= largest) return;
    this.buffer = Buffer.allocUnsafeSlow(this.initialSize);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset);
  }

  tag(field: number, wireType: WireType): void {
    this.varint((field << 3) | wireType);
  }

  varint(value: number): void {
    this.reserve(10);
    const buffer = this.buffer;
    if (value >= 0 && value < 128) {
      buffer[this.pos++] = value;
      return;
    }
    if (value >= 0 && value <= 0xffffffff) {
      this.pos = this.uint32At(this.pos, value);
      return;
    }
    // Negative numbers as 64-bit two's complement (ten bytes), large ones split into two 32-bit halves.
    const magnitude = Math.abs(value);
    let low = magnitude >>> 0;
    let high = (magnitude / TWO_TO_32) >>> 0;
    if (value < 0) {
      low = ~low >>> 0;
      high = ~high >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    while (high > 0 || low > 127) {
      buffer[this.pos++] = (low & 127) | 128;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buffer[this.pos++] = low & 127;
  }

  fixed32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.reserve(8);
    this.view.setUint32(this.pos, low >>> 0, true);
    this.view.setUint32(this.pos + 4, high >>> 0, true);
    this.pos += 8;
  }

  double(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** A length-delimited UTF-8 string. */
  string(value: string): void {
    const length = value.length;
    this.reserve(3 * length + 5);
    const start = this.pos;
    // ASCII (names, keys, routes, paths): one byte per character, written here. Buffer#write would cost a
    // native call, and its shared type feedback would slow every other caller of it in the process.
    const buffer = this.buffer;
    let at = length < 128 ? start + 1 : start + varintSize(length);
    const first = at;
    let index = 0;
    for (; index < length; index++) {
      const code = value.charCodeAt(index);
      if (code >= 128) break;
      buffer[at++] = code;
    }
    if (index === length) {
      this.pos = start;
      this.varint(length);
      this.pos = first + length;
      return;
    }
    // Not ASCII: UTF-8 after a one-byte length, widened when the string turns out longer.
    this.pos = start + 1;
    this.pos += utf8.encodeInto(value, buffer.subarray(this.pos)).written;
    this.finishMessage(start);
  }

  /** Length-delimited bytes from a hex string (trace and span ids). */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.varint(length);
    this.reserve(length);
    const buffer = this.buffer;
    let at = this.pos;
    for (let index = 0; index < hex.length; index += 2) {
      const high = HEX[hex.charCodeAt(index)]!;
      const low = HEX[hex.charCodeAt(index + 1)]!;
      // Ids are checked as hex where they are made or read; one that is not would be encoded wrong.
      if ((high | low) > 15) throw new Error(`"${hex}" is not a hex id`);
      buffer[at++] = (high << 4) | low;
    }
    this.pos = at;
  }

  /** Length-delimited bytes. */
  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.raw(value);
  }

  /** Bytes already encoded, copied as they are. */
  raw(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.pos);
    this.pos += value.length;
  }

  /** Reserves the one-byte length of a nested message; finishMessage writes it once the message is written. */
  startMessage(): number {
    this.reserve(1);
    return this.pos++;
  }

  finishMessage(lengthAt: number): void {
    const length = this.pos - lengthAt - 1;
    if (length < 128) {
      this.buffer[lengthAt] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.reserve(extra);
    this.buffer.copyWithin(lengthAt + 1 + extra, lengthAt + 1, this.pos);
    this.pos += extra;
    this.uint32At(lengthAt, length);
  }

  /** Writes an unsigned 32-bit varint at `at` (room already reserved); returns the position after it. */
  private uint32At(at: number, value: number): number {
    const buffer = this.buffer;
    let remaining = value >>> 0;
    while (remaining > 127) {
      buffer[at++] = (remaining & 127) | 128;
      remaining >>>= 7;
    }
    buffer[at++] = remaining;
    return at;
  }

  private reserve(size: number): void {
    const needed = this.pos + size;
    if (needed <= this.buffer.length) return;
    let grown = this.buffer.length * 2;
    while (grown < needed) grown *= 2;
    const buffer = Buffer.allocUnsafeSlow(grown);
    this.buffer.copy(buffer, 0, 0, this.pos);
    this.buffer = buffer;
    this.view = new DataView(buffer.buffer, buffer.byteOffset);
  }
}

function varintSize(value: number): number {
  let size = 1;
  while (value > 127) {
    value >>>= 7;
    size += 1;
  }
  return size;
}

/** Reads a non-negative varint at `at` (exact up to 2^53); returns the value and the position after it. */
export function readVarint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++]!;
    value += (byte & 127) * 2 ** shift;
    shift += 7;
  } while (byte >= 128);
  return [value, at];
}
