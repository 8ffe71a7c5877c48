import { Readable } from 'node:stream';
import { bodyIfArrived, readUpTo } from './body.capture';

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

describe(bodyIfArrived.name, () => {
  const pushed = (...parts: (string | null)[]): Readable => {
    const stream = new Readable({ read: () => undefined });
    for (const part of parts) stream.push(part === null ? null : Buffer.from(part));
    return stream;
  };

  it('should take a body whose every byte and end are already buffered, as one buffer', async () => {
    const stream = pushed('{"a":', '1}', null);
    const closed = new Promise((resolve) => stream.once('close', resolve));

    expect(bodyIfArrived(stream)?.toString()).toBe('{"a":1}');
    // Taken to its end, the stream closes: whoever counts it as in flight sees it finish.
    await expect(closed).resolves.toBeUndefined();
  });

  it('should leave a body that is still arriving untouched, to be streamed', async () => {
    const stream = pushed('{"a":');

    expect(bodyIfArrived(stream)).toBeUndefined();
    stream.push('1}');
    stream.push(null);
    expect((await drain(stream)).toString()).toBe('{"a":1}');
  });

  it('should leave an empty body, and one already being read, to the stream', () => {
    const flowing = pushed('x', null);
    flowing.on('data', () => undefined);

    expect(bodyIfArrived(pushed(null))).toBeUndefined();
    expect(bodyIfArrived(flowing)).toBeUndefined();
  });
});
