import { JsonDifference } from './json.diff';
import { RingBuffer } from '../../rollback/core/ring.buffer';

/** One legacy/new response pair of a shadowed request, already compared. */
export interface ShadowComparison {
  routeKey: string;
  method: string;
  path: string;
  legacyStatus: number;
  newStatus: number;
  differences: JsonDifference[];
}

export interface ShadowSample extends Omit<ShadowComparison, 'routeKey'> {
  route: string;
  at: string;
}

export interface ShadowRouteCounts {
  route: string;
  matches: number;
  mismatches: number;
  /** The new side errored or timed out, so nothing was compared. */
  failures: number;
  /** Not run because the shadow concurrency limit was reached. */
  skipped: number;
}

export interface ShadowReportSnapshot {
  generatedAt: string;
  routes: ShadowRouteCounts[];
  samples: ShadowSample[];
}

export interface ShadowReportOptions {
  sampleSize: number;
  /** Routes past this many share one `(other routes)` entry, so odd route keys cannot grow memory. */
  maxRoutes?: number;
  clock?: () => number;
}

const OTHER_ROUTES = '(other routes)';
const MAX_PREVIEW_LENGTH = 200;

/** Match/mismatch counts per route and the most recent mismatches, for `GET /admin/routing/shadow-report`. */
export class ShadowReport {
  private readonly routes = new Map<string, ShadowRouteCounts>();
  private readonly samples: RingBuffer<ShadowSample>;
  private readonly maxRoutes: number;
  private readonly clock: () => number;

  constructor(options: ShadowReportOptions) {
    this.samples = new RingBuffer(options.sampleSize);
    this.maxRoutes = options.maxRoutes ?? 500;
    this.clock = options.clock ?? Date.now;
  }

  /** A differing status counts as a mismatch even when both bodies agree. */
  record(comparison: ShadowComparison): 'match' | 'mismatch' {
    const counts = this.countsFor(comparison.routeKey);
    if (comparison.legacyStatus === comparison.newStatus && comparison.differences.length === 0) {
      counts.matches += 1;
      return 'match';
    }
    counts.mismatches += 1;
    this.samples.push(this.sampleOf(comparison, counts.route));
    return 'mismatch';
  }

  recordFailure(routeKey: string): void {
    this.countsFor(routeKey).failures += 1;
  }

  recordSkipped(routeKey: string): void {
    this.countsFor(routeKey).skipped += 1;
  }

  /** Follows a hot reload that changed `shadow.sampleSize`. */
  resize(sampleSize: number): void {
    this.samples.resize(sampleSize);
  }

  reset(): void {
    this.routes.clear();
    this.samples.clear();
  }

  snapshot(): ShadowReportSnapshot {
    return {
      generatedAt: new Date(this.clock()).toISOString(),
      routes: [...this.routes.values()].map((counts) => ({ ...counts })).sort((left, right) => left.route.localeCompare(right.route)),
      samples: this.samples.newestFirst(),
    };
  }

  private countsFor(routeKey: string): ShadowRouteCounts {
    const route = this.routes.has(routeKey) || this.routes.size < this.maxRoutes ? routeKey : OTHER_ROUTES;
    let counts = this.routes.get(route);
    if (!counts) {
      counts = { route, matches: 0, mismatches: 0, failures: 0, skipped: 0 };
      this.routes.set(route, counts);
    }
    return counts;
  }

  private sampleOf(comparison: ShadowComparison, route: string): ShadowSample {
    return {
      route,
      at: new Date(this.clock()).toISOString(),
      method: comparison.method,
      // Query strings can carry tokens; the path is enough to reproduce the request.
      path: comparison.path.split('?', 1)[0] ?? '',
      legacyStatus: comparison.legacyStatus,
      newStatus: comparison.newStatus,
      differences: comparison.differences.map(previewDifference),
    };
  }
}

/** Samples keep values short: a full legacy array in every sample would make the report the memory problem. */
function previewDifference(difference: JsonDifference): JsonDifference {
  const preview: JsonDifference = { path: difference.path, kind: difference.kind };
  if ('legacy' in difference) preview.legacy = previewValue(difference.legacy);
  if ('new' in difference) preview.new = previewValue(difference.new);
  return preview;
}

export function previewValue(value: unknown): unknown {
  if (typeof value === 'string') return truncate(value);
  if (typeof value !== 'object' || value === null) return value;
  const text = JSON.stringify(value);
  // A parsed copy, so a sample never aliases a body the caller may still mutate.
  return text.length <= MAX_PREVIEW_LENGTH ? JSON.parse(text) : truncate(text);
}

function truncate(text: string): string {
  return text.length <= MAX_PREVIEW_LENGTH ? text : `${text.slice(0, MAX_PREVIEW_LENGTH)}…`;
}
