import { JsonDifference } from './json.diff';
import { ShadowComparison, ShadowRecord, ShadowReport, excerptOf, previewValue, sampleBodyLimit } from './shadow.report';

const NOW = Date.parse('2026-01-02T03:04:05.000Z');

function comparison(overrides: Partial<ShadowComparison> = {}): ShadowComparison {
  return {
    routeKey: '/api/v1/spaces',
    method: 'GET',
    path: '/api/v1/spaces',
    legacyStatus: 200,
    newStatus: 200,
    differences: [],
    ...overrides,
  };
}

const CHANGED: JsonDifference = { path: '/name', kind: 'changed', legacy: 'a', new: 'b' };

describe(ShadowReport.name, () => {
  let clock: number;
  let sut: ShadowReport;

  beforeEach(() => {
    clock = NOW;
    sut = new ShadowReport({ sampleSize: 2, clock: () => clock });
  });

  describe('record', () => {
    it.each<[string, Partial<ShadowComparison>, 'match' | 'mismatch']>([
      ['equal status and bodies', {}, 'match'],
      ['a body difference', { differences: [CHANGED] }, 'mismatch'],
      ['a status difference alone', { newStatus: 404 }, 'mismatch'],
    ])('should count %s as a %s', (_, overrides, expected) => {
      const outcome = sut.record(comparison(overrides));

      expect(outcome).toBe(expected);
      expect(sut.snapshot().routes[0]).toMatchObject({
        matches: expected === 'match' ? 1 : 0,
        mismatches: expected === 'mismatch' ? 1 : 0,
      });
    });

    it('should keep a sample of each mismatch, but not of matches', () => {
      sut.record(comparison());
      sut.record(comparison({ path: '/api/v1/spaces?token=secret', differences: [CHANGED] }));

      const snapshot = sut.snapshot();

      expect(snapshot.samples).toEqual([
        {
          route: '/api/v1/spaces',
          at: '2026-01-02T03:04:05.000Z',
          method: 'GET',
          path: '/api/v1/spaces',
          legacyStatus: 200,
          newStatus: 200,
          differences: [CHANGED],
        },
      ]);
    });

    it('should keep only the most recent samples, newest first', () => {
      [1, 2, 3].forEach((second) => {
        clock = NOW + second * 1_000;
        sut.record(comparison({ path: `/api/v1/spaces/${second}`, differences: [CHANGED] }));
      });

      const samples = sut.snapshot().samples;

      expect(samples.map((sample) => sample.path)).toEqual(['/api/v1/spaces/3', '/api/v1/spaces/2']);
    });

    it('should shorten large values in samples', () => {
      const difference: JsonDifference = {
        path: '/items',
        kind: 'missing-in-new',
        legacy: Array.from({ length: 100 }, (_, index) => index),
      };

      sut.record(comparison({ differences: [difference] }));

      const stored = sut.snapshot().samples[0]?.differences[0];
      expect(stored).toEqual({ path: '/items', kind: 'missing-in-new', legacy: expect.stringMatching(/^\[0,1,2,.*…$/) });
    });

    it('should fold routes past the limit into one entry', () => {
      const report = new ShadowReport({ sampleSize: 1, maxRoutes: 2, clock: () => NOW });

      ['/a', '/b', '/c', '/d', '/a'].forEach((routeKey) => report.record(comparison({ routeKey })));

      const routes = report.snapshot().routes;
      expect(routes.map((route) => [route.route, route.matches])).toEqual([
        ['(other routes)', 2],
        ['/a', 2],
        ['/b', 1],
      ]);
    });
  });

  describe('recordFailure', () => {
    it('should count failures apart from matches and mismatches', () => {
      sut.recordFailure('/api/v1/spaces');
      sut.recordFailure('/api/v1/spaces');

      const routes = sut.snapshot().routes;

      expect(routes).toEqual([{ route: '/api/v1/spaces', matches: 0, mismatches: 0, failures: 2, skipped: 0 }]);
    });
  });

  describe('recordSkipped', () => {
    it('should count requests skipped for lack of concurrency', () => {
      sut.recordSkipped('/api/v1/spaces');

      const routes = sut.snapshot().routes;

      expect(routes).toEqual([{ route: '/api/v1/spaces', matches: 0, mismatches: 0, failures: 0, skipped: 1 }]);
    });
  });

  describe('snapshot', () => {
    it('should list routes sorted, with the time of the snapshot', () => {
      sut.record(comparison({ routeKey: '/b' }));
      sut.record(comparison({ routeKey: '/a', differences: [CHANGED] }));
      clock = NOW + 60_000;

      const snapshot = sut.snapshot();

      expect(snapshot.generatedAt).toBe('2026-01-02T03:05:05.000Z');
      expect(snapshot.routes).toEqual([
        { route: '/a', matches: 0, mismatches: 1, failures: 0, skipped: 0 },
        { route: '/b', matches: 1, mismatches: 0, failures: 0, skipped: 0 },
      ]);
    });

    it('should return copies that later records do not change', () => {
      sut.record(comparison());
      const before = sut.snapshot();

      sut.record(comparison());

      expect(before.routes[0]?.matches).toBe(1);
    });
  });

  describe('resize', () => {
    it('should keep the newest samples that fit', () => {
      ['/1', '/2'].forEach((path) => sut.record(comparison({ path, differences: [CHANGED] })));

      sut.resize(1);

      expect(sut.snapshot().samples.map((sample) => sample.path)).toEqual(['/2']);
    });
  });

  describe('reset', () => {
    it('should forget counts and samples', () => {
      sut.record(comparison({ differences: [CHANGED] }));

      sut.reset();

      expect(sut.snapshot()).toEqual({ generatedAt: '2026-01-02T03:04:05.000Z', routes: [], samples: [] });
    });
  });
});

describe(previewValue.name, () => {
  it.each<[string, unknown, unknown]>([
    ['a number', 42, 42],
    ['null', null, null],
    ['undefined', undefined, undefined],
    ['a short string', 'abc', 'abc'],
    ['a long string', 'x'.repeat(250), `${'x'.repeat(200)}…`],
    ['a small object', { a: [1] }, { a: [1] }],
  ])('should preview %s', (_, value, expected) => {
    const preview = previewValue(value);

    expect(preview).toEqual(expected);
  });

  it('should copy a small object rather than share it', () => {
    const value = { a: 1 };

    const preview = previewValue(value);

    expect(preview).not.toBe(value);
  });
});

describe(`${ShadowReport.name} samples and listeners`, () => {
  describe('whole bodies of a mismatch', () => {
    it('should keep both bodies of a mismatch as text, and none of a match', () => {
      const sut = new ShadowReport({ sampleSize: 2, clock: () => NOW });
      const bodies = { legacyBody: Buffer.from('{"name":"a"}'), newBody: Buffer.from('{"name":"b"}') };
      sut.record(comparison(bodies));

      sut.record(comparison({ ...bodies, differences: [CHANGED] }));

      const [sample] = sut.snapshot().samples;
      expect([sample?.legacyBody, sample?.newBody]).toEqual([
        { text: '{"name":"a"}', bytes: 12, truncated: false },
        { text: '{"name":"b"}', bytes: 12, truncated: false },
      ]);
    });

    it('should cut a body at the limit, visibly, without half a character', () => {
      const body = Buffer.from('ab€cd');

      const sut = excerptOf(body, 4);

      expect(sut).toEqual({ text: 'ab', bytes: 7, truncated: true });
    });

    it('should keep 64 KiB per body at the default sample size and shrink it so all samples stay within 8 MiB', () => {
      const limits = [50, 1_000, 0].map(sampleBodyLimit);

      expect(limits).toEqual([65_536, 4_194, 65_536]);
      expect(1_000 * 2 * (limits[1] ?? 0)).toBeLessThanOrEqual(8 * 1_048_576);
    });
  });

  describe('onRecord', () => {
    it('should tell listeners every outcome with the route it was counted under, and the sample of a mismatch', () => {
      const sut = new ShadowReport({ sampleSize: 2, clock: () => NOW });
      const records: ShadowRecord[] = [];
      const stop = sut.onRecord((record) => records.push(record));

      sut.record(comparison());
      sut.record(comparison({ differences: [CHANGED] }));
      sut.recordFailure('/api/v1/spaces');
      sut.recordSkipped('/api/v1/spaces');
      stop();
      sut.record(comparison());

      expect(records.map(({ route, outcome, sample }) => [route, outcome, sample?.differences.length])).toEqual([
        ['/api/v1/spaces', 'matches', undefined],
        ['/api/v1/spaces', 'mismatches', 1],
        ['/api/v1/spaces', 'failures', undefined],
        ['/api/v1/spaces', 'skipped', undefined],
      ]);
    });
  });
});
