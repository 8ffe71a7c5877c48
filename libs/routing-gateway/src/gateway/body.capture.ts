import { Transform, TransformCallback } from 'node:stream';

/** Passes a request body through unchanged while keeping a copy (up to a limit) for a possible replay to legacy. */
export class BodyCapture extends Transform {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private overflowed = false;
  complete = false;
  receivedEncodedLength = 0;

  constructor(private readonly limit: number) {
    super();
    this.once('end', () => (this.complete = !this.overflowed));
  }

  get body(): Buffer | undefined {
    return this.complete ? Buffer.concat(this.chunks) : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.overflowed = true;
      this.chunks.length = 0;
    } else if (!this.overflowed) {
      this.chunks.push(chunk);
    }
    callback(null, chunk);
  }
}

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
