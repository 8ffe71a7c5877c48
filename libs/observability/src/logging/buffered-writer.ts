import { writeSync } from 'node:fs';

/** How a full pipe is waited out: a short pause on this thread, as pino's own destination does. */
const sleep = (milliseconds: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);

/**
 * Lines gathered in memory and written to a file descriptor together, synchronously, once `minBytes`
 * have gathered, every `flushEveryMs`, or when flush() is called. Lines are kept as a list and joined
 * once per write: appending to one growing string (as sonic-boom does) copies the whole buffer again
 * on every line. Nothing is dropped: a full pipe is retried until it drains.
 */
export class BufferedWriter {
  private lines: string[] = [];
  private bytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly fd: number,
    private readonly minBytes: number,
    flushEveryMs: number,
  ) {
    this.timer = setInterval(() => this.flush(), flushEveryMs);
    this.timer.unref();
  }

  write(line: string): boolean {
    this.lines.push(line);
    // A character count: exact for ASCII, and only a threshold either way.
    this.bytes += line.length;
    if (this.bytes >= this.minBytes) this.flush();
    return true;
  }

  flush(): void {
    if (this.lines.length === 0) return;
    let pending = Buffer.from(this.lines.length === 1 ? (this.lines[0] as string) : this.lines.join(''), 'utf8');
    this.lines = [];
    this.bytes = 0;
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

  /** For pino: written at once, used before the process exits. */
  flushSync(): void {
    this.flush();
  }

  end(): void {
    this.flush();
    clearInterval(this.timer);
  }
}
