import { writeSync } from 'node:fs';

/** How a full pipe is waited out: a short pause on this thread, as pino's own destination does. */
const sleep = (milliseconds: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);

/**
 * Lines copied into one preallocated buffer and written to a file descriptor together, synchronously, when
 * the next line would not fit, every `flushEveryMs`, or when flush() is called. Each line is encoded once,
 * straight into the buffer: keeping a list of strings and joining it (as before), or appending to one
 * growing string (as sonic-boom does), copies every line twice more. Nothing is dropped: a line longer than
 * the buffer is written on its own, and a full pipe is retried until it drains.
 */
export class BufferedWriter {
  private readonly buffer: Buffer;
  private used = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly fd: number,
    capacityBytes: number,
    flushEveryMs: number,
  ) {
    this.buffer = Buffer.allocUnsafe(capacityBytes);
    this.timer = setInterval(() => this.flush(), flushEveryMs);
    this.timer.unref();
  }

  write(line: string): boolean {
    const room = this.buffer.length - this.used;
    // A UTF-16 unit takes at most 3 bytes in UTF-8: the exact length is counted only when that may not fit.
    if (line.length * 3 > room) {
      const bytes = Buffer.byteLength(line, 'utf8');
      if (bytes > room) {
        this.flush();
        if (bytes > this.buffer.length) {
          this.writeAll(Buffer.from(line, 'utf8'));
          return true;
        }
      }
    }
    this.used += this.buffer.write(line, this.used, 'utf8');
    return true;
  }

  flush(): void {
    if (this.used === 0) return;
    const pending = this.buffer.subarray(0, this.used);
    this.used = 0;
    this.writeAll(pending);
  }

  /** For pino: written at once, used before the process exits. */
  flushSync(): void {
    this.flush();
  }

  end(): void {
    this.flush();
    clearInterval(this.timer);
  }

  private writeAll(bytes: Buffer): void {
    let pending = bytes;
    while (pending.length > 0) {
      try {
        pending = pending.subarray(writeSync(this.fd, pending));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EBUSY') sleep(1);
        else if (code === 'EPIPE')
          return; // nobody reads any more: there is no one left to tell
        else throw error;
      }
    }
  }
}
