import { randomFillSync } from 'node:crypto';

/** 16 bytes of trace id and 8 of parent id per traceparent. */
const BYTES_PER_ID = 24;

/**
 * W3C traceparents (version 00, sampled) with random trace and parent ids, for requests forwarded to
 * legacy without a valid one. The bytes come from the CSPRNG one pool at a time (`perFill` ids per
 * call), the way `crypto.randomUUID` buffers: a call into the CSPRNG per request cost about 7 % of the
 * proxied path's CPU.
 */
export class TraceparentSource {
  private readonly pool: Buffer;
  private offset: number;

  constructor(
    perFill = 512,
    private readonly fill: (buffer: Buffer) => void = (buffer) => void randomFillSync(buffer),
  ) {
    this.pool = Buffer.allocUnsafe(BYTES_PER_ID * perFill);
    this.offset = this.pool.length;
  }

  next(): string {
    if (this.offset === this.pool.length) {
      this.fill(this.pool);
      this.offset = 0;
    }
    const start = this.offset;
    this.offset += BYTES_PER_ID;
    return `00-${this.pool.toString('hex', start, start + 16)}-${this.pool.toString('hex', start + 16, start + BYTES_PER_ID)}-01`;
  }
}
