import { ShadowSample } from './shadow.report';
import { ShadowDeltaBuffer, countIncrements, routesOfCounts, samplesOfList } from './shadow.shared';

function sample(at: string, route = '/api/v1/spaces'): ShadowSample {
  return { route, at, method: 'GET', path: route, legacyStatus: 200, newStatus: 200, differences: [] };
}

describe(ShadowDeltaBuffer.name, () => {
  let maxSamples: number;
  let sut: ShadowDeltaBuffer;

  beforeEach(() => {
    maxSamples = 2;
    sut = new ShadowDeltaBuffer(() => maxSamples);
  });

  describe('add', () => {
    it('should add counts up per route and outcome, and keep only the newest samples', () => {
      sut.add({ route: '/a', outcome: 'matches' });
      sut.add({ route: '/a', outcome: 'matches' });
      sut.add({ route: '/b', outcome: 'skipped' });
      for (const at of ['1', '2', '3']) sut.add({ route: '/a', outcome: 'mismatches', sample: sample(at) });

      const delta = sut.take();

      expect(countIncrements(delta!)).toEqual([
        ['matches|/a', 2],
        ['mismatches|/a', 3],
        ['skipped|/b', 1],
      ]);
      expect(delta!.samples.map((each) => each.at)).toEqual(['2', '3']);
      expect([sut.isEmpty, sut.take()]).toEqual([true, undefined]);
    });
  });

  describe('restore', () => {
    it('should put a failed write back in front of what arrived meanwhile, within the same bounds', () => {
      sut.add({ route: '/a', outcome: 'mismatches', sample: sample('1') });
      const failed = sut.take()!;
      sut.add({ route: '/a', outcome: 'mismatches', sample: sample('2') });
      sut.add({ route: '/a', outcome: 'failures' });
      maxSamples = 1;

      sut.restore(failed);

      const delta = sut.take()!;
      expect(countIncrements(delta)).toEqual([
        ['mismatches|/a', 2],
        ['failures|/a', 1],
      ]);
      expect(delta.samples.map((each) => each.at)).toEqual(['2']);
      expect(sut.size).toBe(0);
    });
  });
});

describe('routesOfCounts', () => {
  it('should read the counts hash back per route, a route with | in it included, skipping fields it does not know', () => {
    const hash = {
      'matches|/b': '4',
      'mismatches|/a|x': '1',
      'skipped|/b': '2',
      'bogus|/c': '9',
      'no separator': '1',
      'matches|/d': 'NaN',
    };

    const sut = routesOfCounts(hash);

    expect(sut).toEqual([
      { route: '/a|x', matches: 0, mismatches: 1, failures: 0, skipped: 0 },
      { route: '/b', matches: 4, mismatches: 0, failures: 0, skipped: 2 },
    ]);
  });

  it('should fold routes past the limit into one entry', () => {
    const hash = { 'matches|/a': '1', 'matches|/b': '1', 'matches|/c': '1' };

    const sut = routesOfCounts(hash, 2);

    expect(sut.map((route) => [route.route, route.matches])).toEqual([
      ['(other routes)', 1],
      ['/a', 1],
      ['/b', 1],
    ]);
  });
});

describe('samplesOfList', () => {
  it('should order samples of every node newest first, up to the limit, skipping unreadable entries', () => {
    const entries = [sample('2026-01-01T00:00:02Z'), sample('2026-01-01T00:00:03Z'), sample('2026-01-01T00:00:01Z')].map((each) =>
      JSON.stringify(each),
    );

    const sut = samplesOfList(['{cut', '"a string"', ...entries], 2);

    expect(sut.map((each) => each.at)).toEqual(['2026-01-01T00:00:03Z', '2026-01-01T00:00:02Z']);
  });
});
