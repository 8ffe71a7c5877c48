import { Readable } from 'node:stream';
import { readUpTo } from './body.capture';

const chunks = (count: number, size: number) => Array.from({ length: count }, (_, index) => Buffer.alloc(size, 97 + index));

async function drain(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe(readUpTo.name, () => {
  it('should hand back a body that fits whole', async () => {
    const read = await readUpTo(Readable.from(chunks(3, 10)), 30);

    expect(read).toEqual({ whole: Buffer.concat(chunks(3, 10)) });
  });

  it('should pass a larger body on intact and in order, the bytes already read first', async () => {
    const read = await readUpTo(Readable.from(chunks(5, 10)), 25);

    expect('tooLarge' in read).toBe(true);
    expect(await drain((read as { tooLarge: Readable }).tooLarge)).toEqual(Buffer.concat(chunks(5, 10)));
  });
});
