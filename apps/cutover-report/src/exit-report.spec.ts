import { FeatureScope, exitReport, quantile, renderExitReport } from './exit-report';
import { Sample } from './prometheus.text';

const scope: FeatureScope = {
  feature: 'spaces-api',
  routes: [{ pathPrefix: '/api/v1/spaces' }],
  errorRateFactor: 2,
  p95Factor: 1.2,
  errorRateFloor: 0.01,
  p95FloorMs: 10,
};
const WINDOW = { from: '2026-12-03T10:00:00.000Z', to: '2026-12-03T11:00:00.000Z' };

/** A histogram of one route and side: requests per bucket upper bound (seconds), and how many were 5xx. */
function served(side: string, route: string, perBucket: Record<string, number>, errors = 0): Sample[] {
  const labels = { method: 'GET', route, served_by: side };
  const samples: Sample[] = [];
  let cumulative = 0;
  for (const le of ['0.005', '0.01', '0.025', '+Inf']) {
    cumulative += perBucket[le] ?? 0;
    samples.push({ name: 'http_request_duration_seconds_bucket', labels: { ...labels, status_code: '200', le }, value: cumulative });
  }
  samples.push({ name: 'http_request_duration_seconds_count', labels: { ...labels, status_code: '200' }, value: cumulative - errors });
  if (errors) samples.push({ name: 'http_request_duration_seconds_count', labels: { ...labels, status_code: '503' }, value: errors });
  return samples;
}

const shadow = (outcome: string, value: number): Sample => ({
  name: 'switchyard_routing_shadow_total',
  labels: { route: '/api/v1/spaces', outcome },
  value,
});

describe('exitReport', () => {
  it('should meet every criterion for a feature as good as legacy, with traffic, shadow matches and no fallback', () => {
    const after = [
      ...served('new', '/api/v1/spaces/:id', { '0.005': 90, '0.01': 10 }),
      ...served('legacy', '/api/v1/spaces/:id', { '0.005': 50, '0.01': 50 }),
      shadow('match', 1000),
    ];

    const report = exitReport(scope, { ...WINDOW, before: [], after }, []);

    expect(report.criteria.filter((criterion) => !criterion.passed)).toEqual([]);
    expect(report.sides.new).toMatchObject({ requests: 100, errors: 0 });
    expect(report.passed).toBe(true);
  });

  it('should count only what happened after the baseline, summed over nodes', () => {
    const before = [...served('new', '/api/v1/spaces', { '0.005': 10 }), shadow('mismatch', 5)];
    const after = [
      ...served('new', '/api/v1/spaces', { '0.005': 40 }),
      ...served('new', '/api/v1/spaces', { '0.005': 30 }),
      ...served('legacy', '/api/v1/spaces', { '0.005': 5 }),
      shadow('mismatch', 5),
      shadow('match', 10),
    ];

    const report = exitReport(scope, { ...WINDOW, before, after }, []);

    expect(report.sides.new.requests).toBe(60);
    expect(report.shadow).toEqual({ matches: 10, mismatches: 0 });
  });

  it('should fail on errors above twice legacy, a slower p95, a shadow mismatch, fallbacks and a rollback, and leave other routes out', () => {
    const after = [
      ...served('new', '/api/v1/spaces', { '0.025': 100 }, 4),
      ...served('legacy', '/api/v1/spaces', { '0.005': 100 }, 1),
      ...served('new', '/api/v1/users', { '0.005': 1000 }),
      shadow('match', 99),
      shadow('mismatch', 1),
      { name: 'switchyard_routing_fallbacks_total', labels: { feature: 'spaces-api', reason: 'new-5xx' }, value: 4 },
      { name: 'switchyard_routing_fallbacks_total', labels: { feature: 'users-api', reason: 'new-5xx' }, value: 50 },
      { name: 'switchyard_routing_rollbacks_total', labels: { feature: 'spaces-api', reason: 'error-rate' }, value: 1 },
    ];

    const report = exitReport(scope, { ...WINDOW, before: [], after }, []);

    expect(report.criteria.map((criterion) => [criterion.name, criterion.passed])).toEqual([
      ['both sides served the feature', true],
      ['error rate of new against legacy', false],
      ['p95 of new against legacy', false],
      ['shadow match rate before the switch', false],
      ['fallbacks to legacy', false],
      ['automatic rollbacks', false],
    ]);
    expect(report.sides.new.requests).toBe(100);
    expect(report.fallbacks).toBe(4);
    expect(report.passed).toBe(false);
  });

  it('should not pass a feature legacy never served or that was never compared in shadow', () => {
    const report = exitReport(scope, { ...WINDOW, before: [], after: served('new', '/api/v1/spaces', { '0.005': 10 }) }, []);

    expect(report.criteria.filter((criterion) => !criterion.passed).map((criterion) => criterion.name)).toEqual([
      'both sides served the feature',
      'error rate of new against legacy',
      'p95 of new against legacy',
      'shadow match rate before the switch',
    ]);
  });

  it('should keep the audit entries of the window, oldest first, with who, what and why in the markdown', () => {
    const audit = [
      { at: '2026-12-03T10:30:00.000Z', actor: 'user:owner@t', action: 'kill-switch', feature: 'spaces-api', details: { reason: 'drill' } },
      { at: '2026-12-03T10:10:00.000Z', actor: 'user:owner@t', action: 'rules-updated', details: { version: 7, reason: 'to 100 %' } },
      { at: '2026-12-03T09:00:00.000Z', actor: 'user:owner@t', action: 'rules-updated', details: { version: 6, reason: 'before' } },
    ];

    const report = exitReport(scope, { ...WINDOW, before: [], after: [] }, audit);
    const markdown = renderExitReport(report);

    expect(report.audit.map((entry) => entry.at)).toEqual(['2026-12-03T10:30:00.000Z', '2026-12-03T10:10:00.000Z']);
    expect(markdown).toContain('| 2026-12-03T10:10:00.000Z | user:owner@t | rules-updated, version 7 | to 100 % |');
    expect(markdown.indexOf('version 7')).toBeLessThan(markdown.indexOf('drill'));
    expect(markdown).toContain('Verdict: **NOT met**');
  });
});

describe('quantile', () => {
  it('should interpolate within the bucket as histogram_quantile does', () => {
    expect(
      quantile(
        0.95,
        new Map([
          [0.01, 50],
          [0.02, 100],
          [Infinity, 100],
        ]),
      ),
    ).toBeCloseTo(0.019);
  });

  it('should answer the last finite bound when the rank falls in +Inf, and nothing without requests', () => {
    expect(
      quantile(
        0.95,
        new Map([
          [0.01, 10],
          [Infinity, 100],
        ]),
      ),
    ).toBe(0.01);
    expect(quantile(0.95, new Map([[Infinity, 0]]))).toBeUndefined();
  });
});
