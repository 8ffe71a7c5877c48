import pino, { DestinationStream } from 'pino';
import { LoggingConfig } from '../config/logging.config';
import { BufferedWriter } from './buffered-writer';

/** Where log lines go, shared by the application logger and the access log. */
export abstract class LogDestination {
  abstract readonly stream: DestinationStream;
}

/** Bytes gathered before one write (a pipe's default capacity); a quiet server still writes every `FLUSH_EVERY_MS`. */
const BUFFER_BYTES = 65_536;
const FLUSH_EVERY_MS = 500;

/**
 * JSON lines to stdout through one buffer: a line per request costs a memory copy, and a system
 * call is made once 64 KiB have gathered (or every 500 ms). The write is synchronous, as pino's default
 * is, so nothing is dropped when requests log faster than stdout drains. What is buffered is written at
 * shutdown and on `exit`; a process killed with SIGKILL loses at most the last 500 ms. `pretty` goes
 * through pino-pretty in a worker thread, for development.
 */
export function createLogDestination(config: LoggingConfig, override?: DestinationStream, fd = 1): LogDestination {
  if (override) return { stream: override };
  if (config.format === 'pretty') {
    return { stream: pino.transport({ target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:standard' } }) };
  }
  const destination: LogDestination = { stream: new BufferedWriter(fd, BUFFER_BYTES, FLUSH_EVERY_MS) };
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
