import { SampleWindow, kthSmallest } from './sample.window';

describe(SampleWindow.name, () => {
  describe('statistics', () => {
    it('should report zeros for an empty window', () => {
      const sut = new SampleWindow();

      const statistics = sut.statistics();

      expect(statistics).toEqual({ count: 0, errors: 0, errorRate: 0, p95: 0 });
    });

    it('should count errors and the p95 of durations', () => {
      const sut = new SampleWindow();
      Array.from({ length: 20 }, (_, index) => sut.add({ at: index, ok: index % 4 !== 0, durationMs: index + 1 }, 100));

      const statistics = sut.statistics();

      expect(statistics).toEqual({ count: 20, errors: 5, errorRate: 0.25, p95: 19 });
    });
  });

  describe('expire', () => {
    it('should drop samples older than the cut-off and keep the rest', () => {
      const sut = new SampleWindow();
      [1, 2, 3, 4, 5].forEach((at) => sut.add({ at, ok: true, durationMs: at }, 100));

      sut.expire(3);

      expect(sut.size).toBe(3);
      expect(sut.statistics().p95).toBe(5);
    });

    it('should stay correct through many adds and expiries', () => {
      const sut = new SampleWindow();

      for (let at = 0; at < 10_000; at += 1) {
        sut.add({ at, ok: true, durationMs: at }, 1_000_000);
        sut.expire(at - 99);
      }

      expect(sut.size).toBe(100);
      expect(sut.statistics().p95).toBe(9_994);
    });
  });

  describe('add', () => {
    it('should drop the oldest samples past maxSamples', () => {
      const sut = new SampleWindow();

      [1, 2, 3, 4, 5].forEach((at) => sut.add({ at, ok: at !== 1, durationMs: at }, 3));

      expect(sut.statistics()).toEqual({ count: 3, errors: 0, errorRate: 0, p95: 5 });
    });
  });

  describe(kthSmallest.name, () => {
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const shapes: Record<string, (length: number) => number[]> = {
      random: (length) => Array.from({ length }, () => Math.round(random() * 1000) / 10),
      'few distinct values': (length) => Array.from({ length }, () => Math.floor(random() * 3)),
      ascending: (length) => Array.from({ length }, (_, index) => index),
      descending: (length) => Array.from({ length }, (_, index) => length - index),
      'all equal': (length) => Array.from({ length }, () => 5),
    };

    it.each(Object.keys(shapes))('should pick what a sort puts at every rank (%s)', (shape) => {
      for (const length of [1, 2, 3, 10, 101]) {
        const values = (shapes[shape] as (length: number) => number[])(length);
        const expected = sorted(values);

        const picked = expected.map((_, rank) => kthSmallest(Float64Array.from(values), rank));

        expect(picked).toEqual(expected);
      }
    });
  });
});
