import { Sample } from './prometheus.text';

/** The routes of one feature as its rules match them, and the thresholds its rollback settings give. */
export interface FeatureScope {
  feature: string;
  routes: Array<{ pathPrefix?: string; pathPattern?: string }>;
  errorRateFactor: number;
  p95Factor: number;
  /** Below these the comparison does not fail, as in the rollback monitor: 1 error in 50 requests or 3 ms is noise. */
  errorRateFloor: number;
  p95FloorMs: number;
}

/** One entry of the routing audit trail (GET /api/v1/admin/routing/audit). */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  feature?: string;
  scope?: string;
  details?: { reason?: unknown; version?: unknown } | unknown;
}

export interface SideFigures {
  requests: number;
  errors: number;
  errorRate: number;
  /** Seconds, interpolated within the histogram bucket as Prometheus' histogram_quantile does; undefined without requests. */
  p95?: number;
}

export interface Criterion {
  name: string;
  measured: string;
  threshold: string;
  passed: boolean;
}

export interface ExitReport {
  feature: string;
  from: string;
  to: string;
  sides: { new: SideFigures; legacy: SideFigures };
  shadow: { matches: number; mismatches: number };
  fallbacks: number;
  rollbacks: number;
  criteria: Criterion[];
  passed: boolean;
  audit: AuditEntry[];
}

/** Runbook step 6: what a feature did between two scrapes of every node, judged against the exit criteria (design.md). */
export function exitReport(
  scope: FeatureScope,
  window: { from: string; to: string; before: Sample[]; after: Sample[] },
  audit: AuditEntry[],
): ExitReport {
  const samples = difference(window.before, window.after);
  const inScope = (route: string | undefined) =>
    route !== undefined &&
    scope.routes.some((rule) => (rule.pathPrefix !== undefined && route.startsWith(rule.pathPrefix)) || rule.pathPattern === route);
  const sides = { new: sideFigures(samples, 'new', inScope), legacy: sideFigures(samples, 'legacy', inScope) };
  const shadow = { matches: 0, mismatches: 0 };
  for (const sample of samples.filter((each) => each.name === 'switchyard_routing_shadow_total' && inScope(each.labels.route))) {
    if (sample.labels.outcome === 'match') shadow.matches += sample.value;
    if (sample.labels.outcome === 'mismatch') shadow.mismatches += sample.value;
  }
  const ofFeature = (name: string) =>
    samples
      .filter((sample) => sample.name === name && sample.labels.feature === scope.feature)
      .reduce((sum, sample) => sum + sample.value, 0);
  const fallbacks = ofFeature('switchyard_routing_fallbacks_total');
  const rollbacks = ofFeature('switchyard_routing_rollbacks_total');
  const criteria = judge(scope, sides, shadow, fallbacks, rollbacks);
  return {
    feature: scope.feature,
    from: window.from,
    to: window.to,
    sides,
    shadow,
    fallbacks,
    rollbacks,
    criteria,
    passed: criteria.every((criterion) => criterion.passed),
    audit: audit.filter((entry) => entry.at >= window.from && entry.at <= window.to),
  };
}

function judge(
  scope: FeatureScope,
  sides: ExitReport['sides'],
  shadow: ExitReport['shadow'],
  fallbacks: number,
  rollbacks: number,
): Criterion[] {
  const compared = shadow.matches + shadow.mismatches;
  const matchRate = compared === 0 ? 0 : shadow.matches / compared;
  const fallbackRate = sides.new.requests === 0 ? 0 : fallbacks / sides.new.requests;
  const p95 = (seconds: number | undefined) => (seconds === undefined ? 'no requests' : `${(seconds * 1000).toFixed(1)} ms`);
  return [
    {
      name: 'both sides served the feature',
      measured: `new ${sides.new.requests}, legacy ${sides.legacy.requests} requests`,
      threshold: 'at least one request each',
      passed: sides.new.requests > 0 && sides.legacy.requests > 0,
    },
    {
      name: 'error rate of new against legacy',
      measured: `${percent(sides.new.errorRate)} against ${percent(sides.legacy.errorRate)}`,
      threshold: `≤ ${scope.errorRateFactor} × legacy or ≤ ${percent(scope.errorRateFloor)}`,
      passed:
        sides.legacy.requests > 0 && sides.new.errorRate <= Math.max(scope.errorRateFactor * sides.legacy.errorRate, scope.errorRateFloor),
    },
    {
      name: 'p95 of new against legacy',
      measured: `${p95(sides.new.p95)} against ${p95(sides.legacy.p95)}`,
      threshold: `≤ ${scope.p95Factor} × legacy or ≤ ${scope.p95FloorMs} ms`,
      passed:
        sides.new.p95 !== undefined &&
        sides.legacy.p95 !== undefined &&
        sides.new.p95 <= Math.max(scope.p95Factor * sides.legacy.p95, scope.p95FloorMs / 1000),
    },
    {
      name: 'shadow match rate before the switch',
      measured: `${percent(matchRate)} of ${compared} comparisons`,
      threshold: '≥ 99.9 %',
      passed: compared > 0 && matchRate >= 0.999,
    },
    {
      name: 'fallbacks to legacy',
      measured: `${fallbacks} (${percent(fallbackRate)} of new-side requests)`,
      threshold: '≤ 0.1 %',
      passed: fallbackRate <= 0.001,
    },
    { name: 'automatic rollbacks', measured: String(rollbacks), threshold: 'none', passed: rollbacks === 0 },
  ];
}

const percent = (rate: number) => `${(rate * 100).toFixed(2)} %`;

function sideFigures(samples: Sample[], side: 'new' | 'legacy', inScope: (route: string | undefined) => boolean): SideFigures {
  const ofSide = samples.filter((sample) => sample.labels.served_by === side && inScope(sample.labels.route));
  const counts = ofSide.filter((sample) => sample.name === 'http_request_duration_seconds_count');
  const requests = counts.reduce((sum, sample) => sum + sample.value, 0);
  const errors = counts.filter((sample) => Number(sample.labels.status_code) >= 500).reduce((sum, sample) => sum + sample.value, 0);
  const buckets = new Map<number, number>();
  for (const sample of ofSide.filter((each) => each.name === 'http_request_duration_seconds_bucket')) {
    const bound = sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + sample.value);
  }
  return { requests, errors, errorRate: requests === 0 ? 0 : errors / requests, p95: quantile(0.95, buckets) };
}

/** histogram_quantile over cumulative buckets: linear within the bucket, the last finite bound if it falls in +Inf. */
export function quantile(q: number, cumulative: Map<number, number>): number | undefined {
  const bounds = [...cumulative.keys()].sort((left, right) => left - right);
  const total = cumulative.get(Infinity) ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bound of bounds) {
    const count = cumulative.get(bound)!;
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      return lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / Math.max(count - lowerCount, 1e-9);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/** after − before, series by series (a series missing before started at zero), summed over nodes. */
function difference(before: Sample[], after: Sample[]): Sample[] {
  const start = sum(before);
  return [...sum(after)].map(([key, sample]) => ({ ...sample, value: sample.value - (start.get(key)?.value ?? 0) }));
}

function sum(samples: Sample[]): Map<string, Sample> {
  const series = new Map<string, Sample>();
  for (const sample of samples) {
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort(([left], [right]) => left.localeCompare(right)))}`;
    const existing = series.get(key);
    if (existing) existing.value += sample.value;
    else series.set(key, { ...sample, labels: { ...sample.labels } });
  }
  return series;
}

/** The report as the runbook's exit report: criteria first, then the figures and the audit trail. */
export function renderExitReport(report: ExitReport): string {
  const lines = [
    `# Exit report: ${report.feature}`,
    '',
    `Window: ${report.from} → ${report.to}. Verdict: **${report.passed ? 'every exit criterion met' : 'NOT met'}**.`,
    '',
    '| criterion | measured | threshold | |',
    '| --- | --- | --- | --- |',
    ...report.criteria.map(
      (criterion) => `| ${criterion.name} | ${criterion.measured} | ${criterion.threshold} | ${criterion.passed ? 'met' : 'NOT met'} |`,
    ),
    '',
    '| side | requests | 5xx | error rate | p95 |',
    '| --- | --- | --- | --- | --- |',
    ...(['new', 'legacy'] as const).map((side) => {
      const figures = report.sides[side];
      const p95 = figures.p95 === undefined ? '—' : `${(figures.p95 * 1000).toFixed(1)} ms`;
      return `| ${side} | ${figures.requests} | ${figures.errors} | ${percent(figures.errorRate)} | ${p95} |`;
    }),
    '',
    `Shadow comparisons: ${report.shadow.matches} matches, ${report.shadow.mismatches} mismatches. Fallbacks: ${report.fallbacks}. Automatic rollbacks: ${report.rollbacks}.`,
    '',
    '## Audit trail',
    '',
    '| when | who | what | why |',
    '| --- | --- | --- | --- |',
    ...[...report.audit].sort((left, right) => left.at.localeCompare(right.at)).map(auditLine),
    '',
  ];
  return lines.join('\n');
}

function auditLine(entry: AuditEntry): string {
  const details = (typeof entry.details === 'object' && entry.details !== null ? entry.details : {}) as Record<string, unknown>;
  const what = [
    entry.action,
    entry.feature && `feature ${entry.feature}`,
    entry.scope && `scope ${entry.scope}`,
    details.version !== undefined && `version ${String(details.version)}`,
  ].filter(Boolean);
  const why = typeof details.reason === 'string' ? details.reason : '';
  return `| ${entry.at} | ${entry.actor} | ${what.join(', ')} | ${why.replace(/\|/g, '\\|')} |`;
}
