import { RingBuffer } from './ring.buffer';

function filled(capacity: number, count: number): RingBuffer<number> {
  const buffer = new RingBuffer<number>(capacity);
  for (let item = 1; item <= count; item += 1) buffer.push(item);
  return buffer;
}

describe(RingBuffer.name, () => {
  describe('push', () => {
    it.each<[number, number, number[]]>([
      [3, 0, []],
      [3, 2, [2, 1]],
      [3, 3, [3, 2, 1]],
      [3, 4, [4, 3, 2]],
      [3, 10, [10, 9, 8]],
      [0, 5, []],
    ])('should keep, with capacity %d after %d pushes, %j newest first', (capacity, count, expected) => {
      const buffer = filled(capacity, count);

      const items = buffer.newestFirst();

      expect(items).toEqual(expected);
      expect(buffer.size).toBe(expected.length);
    });
  });

  describe('resize', () => {
    it.each<[number, number, number, number[]]>([
      [5, 7, 3, [7, 6, 5]],
      [3, 7, 5, [7, 6, 5]],
      [3, 2, 5, [2, 1]],
      [3, 7, 0, []],
    ])('should keep the newest items when capacity %d with %d pushes becomes %d', (capacity, count, newCapacity, expected) => {
      const buffer = filled(capacity, count);

      buffer.resize(newCapacity);

      expect(buffer.newestFirst()).toEqual(expected);
    });

    it('should keep overwriting in order after growing', () => {
      const buffer = filled(3, 7);

      buffer.resize(4);
      [8, 9].forEach((item) => buffer.push(item));

      expect(buffer.newestFirst()).toEqual([9, 8, 7, 6]);
    });

    it('should keep overwriting in order after shrinking', () => {
      const buffer = filled(5, 7);

      buffer.resize(2);
      buffer.push(8);

      expect(buffer.newestFirst()).toEqual([8, 7]);
    });
  });

  describe('clear', () => {
    it('should empty the buffer and keep its capacity', () => {
      const buffer = filled(2, 5);

      buffer.clear();
      buffer.push(1);

      expect(buffer.newestFirst()).toEqual([1]);
    });
  });
});
