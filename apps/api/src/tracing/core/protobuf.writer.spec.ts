import { ProtobufWriter, readVarint } from './protobuf.writer';

describe(ProtobufWriter.name, () => {
  describe('varint', () => {
    it('should write values past 32 bits and read back the ones below 2^32', () => {
      const sut = new ProtobufWriter(4);

      for (const value of [0, 127, 128, 300, 2 ** 32 - 1]) sut.varint(value);
      sut.varint(2 ** 40);
      const bytes = sut.finish();

      let at = 0;
      const read: number[] = [];
      for (let index = 0; index < 6; index++) [read[index], at] = readVarint(bytes, at);
      expect(read).toEqual([0, 127, 128, 300, 2 ** 32 - 1, 2 ** 40]);
      expect(at).toBe(bytes.length);
    });
  });

  describe('hexBytes', () => {
    it('should refuse an id that is not hex rather than write it wrong', () => {
      const sut = new ProtobufWriter();

      expect(() => sut.hexBytes('0123456789abcdeg')).toThrow('is not a hex id');
    });
  });

  describe('reset', () => {
    it('should grow for a long message, then go back to its usual buffer once reset past the largest size kept', () => {
      const sut = new ProtobufWriter(64);
      sut.string('x'.repeat(1000));
      const grown = sut.finish();

      sut.reset(128);
      sut.string('after');

      expect(grown.buffer.byteLength).toBeGreaterThanOrEqual(1000);
      expect(sut.finish().buffer.byteLength).toBe(64);
      expect(Buffer.from(sut.finish()).toString('latin1')).toBe('\u0005after');
    });

    it('should keep its buffer when it has not grown past the largest size kept', () => {
      const sut = new ProtobufWriter(64);
      sut.string('first');
      const before = sut.finish().buffer;

      sut.reset(128);
      sut.string('second');

      expect(sut.finish().buffer).toBe(before);
    });
  });
});
