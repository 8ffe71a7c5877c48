import pino, { DestinationStream } from 'pino';
import { LoggingConfig } from '../config/logging.config';

/** Where log lines go, shared by the application logger and the access log. */
export abstract class LogDestination {
  abstract readonly stream: DestinationStream;
}

/** Bytes buffered before a write; a quiet server still flushes every `FLUSH_EVERY_MS`. */
const BUFFER_BYTES = 8_192;
const FLUSH_EVERY_MS = 500;
/** A stdout nobody reads stops growing memory here: further lines are dropped (and counted by the stream's `drop` event). */
const MAX_BUFFERED_BYTES = 16 * 1_048_576;

/**
 * JSON lines to stdout through one buffered stream: a line per request costs a memory copy, not a
 * system call. Lines are written when 8 KiB have gathered, every 500 ms, at shutdown and on exit
 * (pino flushes its destinations synchronously on `exit`); a process killed with SIGKILL loses at most
 * the last 500 ms. `pretty` goes through pino-pretty in a worker thread, for development.
 */
export function createLogDestination(config: LoggingConfig, override?: DestinationStream): LogDestination {
  if (override) return { stream: override };
  if (config.format === 'pretty') {
    return { stream: pino.transport({ target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:standard' } }) };
  }
  return {
    stream: pino.destination({
      dest: 1,
      sync: false,
      minLength: BUFFER_BYTES,
      maxLength: MAX_BUFFERED_BYTES,
      periodicFlush: FLUSH_EVERY_MS,
    }),
  };
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
