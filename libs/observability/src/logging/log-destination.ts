import pino, { DestinationStream } from 'pino';
import { LoggingConfig } from '../config/logging.config';

/** Where log lines go, shared by the application logger and the access log. */
export abstract class LogDestination {
  abstract readonly stream: DestinationStream;
}

/** Bytes gathered before one write; a quiet server still writes every `FLUSH_EVERY_MS`. */
const BUFFER_BYTES = 8_192;
const FLUSH_EVERY_MS = 500;

/**
 * JSON lines to stdout through one buffered stream: a line per request costs a memory copy, and a
 * system call is made once 8 KiB have gathered (or every 500 ms). The write itself is synchronous, as
 * pino's default is: an asynchronous one has a single write in flight through the thread pool and,
 * when requests log faster than it drains, drops lines. What is buffered is written at shutdown and
 * on `exit`; a process killed with SIGKILL loses at most the last 500 ms. `pretty` goes through
 * pino-pretty in a worker thread, for development.
 */
export function createLogDestination(config: LoggingConfig, override?: DestinationStream): LogDestination {
  if (override) return { stream: override };
  if (config.format === 'pretty') {
    return { stream: pino.transport({ target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:standard' } }) };
  }
  const destination: LogDestination = {
    stream: pino.destination({ dest: 1, sync: true, minLength: BUFFER_BYTES, periodicFlush: FLUSH_EVERY_MS }),
  };
  process.once('exit', () => flushLogDestination(destination));
  return destination;
}

/** Writes what is buffered, before the process exits on purpose. */
export function flushLogDestination(destination: LogDestination): void {
  const stream = destination.stream as DestinationStream & { flushSync?: () => void };
  try {
    stream.flushSync?.();
  } catch {
    // Nothing is waiting to be written, or stdout is gone: either way there is nothing left to do.
  }
}
