import { Readable, Transform, TransformCallback } from 'node:stream';

/** The whole stream, or undefined once it exceeds `limit` bytes. */
export async function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The whole stream when it fits in `limit` bytes (`whole`), else a stream of everything, the bytes already
 * read first (`tooLarge`): a caller that only wanted a copy of small bodies still passes large ones on intact.
 */
export async function readUpTo(stream: Readable, limit: number): Promise<{ whole: Buffer } | { tooLarge: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    chunks.push(next.value);
    size += next.value.length;
    if (size > limit) return { tooLarge: Readable.from(rest(chunks, iterator)) };
  }
  return { whole: Buffer.concat(chunks) };
}

async function* rest(head: Buffer[], iterator: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
}

/**
 * The whole body when all of it, its end included, is already buffered and nothing has read any of it; else
 * undefined, and the caller streams it. Never waits. A small answer usually arrives in the packets that
 * carry its headers: by the time the headers are handled its end has been pushed, and one buffer goes out
 * with one write instead of a pipe and chunked framing. The end shows only in the stream's state (Node.js
 * has no public flag for "ended, not yet read"); a stream without that state is simply streamed.
 */
export function bodyIfArrived(stream: Readable): Buffer | undefined {
  const state = (stream as Readable & { _readableState?: { ended?: unknown } })._readableState;
  if (state?.ended !== true || stream.readableLength === 0 || stream.readableFlowing !== null || stream.readableDidRead) return undefined;
  return stream.read() as Buffer;
}

/** What to send of legacy's answer: the whole body as one buffer when it has all arrived (bodyIfArrived), else the stream. */
export function sendableBody(stream: Readable): Readable | Buffer {
  return bodyIfArrived(stream) ?? stream;
}

/** What a `ByteLimit` stream fails with once more than `limitBytes` have passed. */
export class BodyLimitExceeded extends Error {
  constructor(readonly limitBytes: number) {
    super(`Body is larger than ${limitBytes} bytes`);
    this.name = 'BodyLimitExceeded';
  }
}

/** Passes bytes through until more than `limitBytes` have gone by, then fails with `BodyLimitExceeded`. */
export class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limitBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limitBytes) return callback(new BodyLimitExceeded(this.limitBytes));
    callback(null, chunk);
  }
}
