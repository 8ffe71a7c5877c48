import { TraceparentSource } from './traceparent.source';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

describe('TraceparentSource', () => {
  it('should make W3C traceparents, all different, across several refills of its pool', () => {
    const source = new TraceparentSource(8);

    const made = Array.from({ length: 100 }, () => source.next());

    expect(made.every((value) => TRACEPARENT.test(value))).toBe(true);
    expect(new Set(made).size).toBe(100);
    expect(new Set(made.map((value) => value.slice(3, 35))).size).toBe(100);
  });

  it('should call into the random source once per pool, not once per traceparent', () => {
    let fills = 0;
    let counter = 0;
    const source = new TraceparentSource(4, (buffer) => {
      fills += 1;
      for (let index = 0; index < buffer.length; index += 1) buffer[index] = (counter += 1) & 0xff;
    });

    const made = Array.from({ length: 9 }, () => source.next());

    expect(fills).toBe(3);
    // The ids are consecutive windows of the pool: trace id from the first 16 bytes, parent id from the next 8.
    expect(made[0]).toBe(
      `00-${Buffer.from(Array.from({ length: 16 }, (_, i) => i + 1)).toString('hex')}-${Buffer.from(Array.from({ length: 8 }, (_, i) => i + 17)).toString('hex')}-01`,
    );
  });
});
