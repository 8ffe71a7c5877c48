import type { IdGenerator } from '@opentelemetry/sdk-trace';
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const INVALID_SPAN_ID = '0000000000000000';
const INVALID_TRACE_ID = '00000000000000000000000000000000';

/**
 * Trace and span ids cut from a pool of random bytes refilled 4 KiB at a time (one call to the system's
 * generator per ~170 spans) and read as hex once per refill: an id is a slice of that string, which V8 makes
 * without copying. The SDK's default calls Math.random four times and writes a buffer per id.
 */
export class PooledRandomIdGenerator implements IdGenerator {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private hex = '';
  private offset = POOL_BYTES;

  generateTraceId(): string {
    const id = this.take(16);
    return id === INVALID_TRACE_ID ? this.generateTraceId() : id;
  }

  generateSpanId(): string {
    const id = this.take(8);
    return id === INVALID_SPAN_ID ? this.generateSpanId() : id;
  }

  private take(bytes: number): string {
    if (this.offset + bytes > POOL_BYTES) {
      randomFillSync(this.pool);
      this.hex = this.pool.toString('hex');
      this.offset = 0;
    }
    const start = this.offset;
    this.offset += bytes;
    return this.hex.slice(2 * start, 2 * this.offset);
  }
}
