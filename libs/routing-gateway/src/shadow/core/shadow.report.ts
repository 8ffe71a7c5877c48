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
  /** Both answers as received, so a mismatch can be shown whole; kept up to `sampleBodyLimit` bytes each. */
  legacyBody?: Buffer;
  newBody?: Buffer;
}

/** The start of a body, as UTF-8 text; `truncated` says the rest of its `bytes` were dropped. */
export interface BodyExcerpt {
  text: string;
  bytes: number;
  truncated: boolean;
}

export interface ShadowSample extends Omit<ShadowComparison, 'routeKey' | 'legacyBody' | 'newBody'> {
  route: string;
  at: string;
  legacyBody?: BodyExcerpt;
  newBody?: BodyExcerpt;
}

export type ShadowOutcome = 'matches' | 'mismatches' | 'failures' | 'skipped';

/** What one recording added to the report: what a report shared across nodes adds up. */
export interface ShadowRecord {
  route: string;
  outcome: ShadowOutcome;
  sample?: ShadowSample;
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
/** Whole bodies of all samples together stay under this, whatever `shadow.sampleSize` (up to 1 000) says. */
const SAMPLE_BODIES_BUDGET = 8 * 1_048_576;
const MAX_SAMPLE_BODY = 65_536;
const MIN_SAMPLE_BODY = 1_024;

/** Bytes kept of each of a sample's two bodies: 64 KiB at the default 50 samples, less when more samples are kept. */
export function sampleBodyLimit(sampleSize: number): number {
  const share = Math.floor(SAMPLE_BODIES_BUDGET / (2 * Math.max(sampleSize, 1)));
  return Math.min(MAX_SAMPLE_BODY, Math.max(MIN_SAMPLE_BODY, share));
}

/** The first `limit` bytes as text, never ending in half a character. */
export function excerptOf(body: Buffer, limit: number): BodyExcerpt {
  if (body.length <= limit) return { text: body.toString('utf8'), bytes: body.length, truncated: false };
  // A multi-byte character cut at the limit decodes as U+FFFD: drop it rather than show a character that was not sent.
  const text = body.toString('utf8', 0, limit).replace(/\uFFFD$/, '');
  return { text, bytes: body.length, truncated: true };
}

/** Match/mismatch counts per route and the most recent mismatches, for `GET /admin/routing/shadow-report`. */
export class ShadowReport {
  private readonly routes = new Map<string, ShadowRouteCounts>();
  private readonly samples: RingBuffer<ShadowSample>;
  private readonly maxRoutes: number;
  private readonly clock: () => number;
  private readonly listeners = new Set<(record: ShadowRecord) => void>();
  private bodyLimit: number;

  constructor(options: ShadowReportOptions) {
    this.samples = new RingBuffer(options.sampleSize);
    this.bodyLimit = sampleBodyLimit(options.sampleSize);
    this.maxRoutes = options.maxRoutes ?? 500;
    this.clock = options.clock ?? Date.now;
  }

  /** A differing status counts as a mismatch even when both bodies agree. */
  record(comparison: ShadowComparison): 'match' | 'mismatch' {
    const counts = this.countsFor(comparison.routeKey);
    if (comparison.legacyStatus === comparison.newStatus && comparison.differences.length === 0) {
      counts.matches += 1;
      this.notify({ route: counts.route, outcome: 'matches' });
      return 'match';
    }
    counts.mismatches += 1;
    const sample = this.sampleOf(comparison, counts.route);
    this.samples.push(sample);
    this.notify({ route: counts.route, outcome: 'mismatches', sample });
    return 'mismatch';
  }

  recordFailure(routeKey: string): void {
    const counts = this.countsFor(routeKey);
    counts.failures += 1;
    this.notify({ route: counts.route, outcome: 'failures' });
  }

  recordSkipped(routeKey: string): void {
    const counts = this.countsFor(routeKey);
    counts.skipped += 1;
    this.notify({ route: counts.route, outcome: 'skipped' });
  }

  /** Every recording from now on, as it happens (the report shared across nodes listens here). */
  onRecord(listener: (record: ShadowRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Follows a hot reload that changed `shadow.sampleSize`. */
  resize(sampleSize: number): void {
    this.samples.resize(sampleSize);
    this.bodyLimit = sampleBodyLimit(sampleSize);
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
      ...(comparison.legacyBody && { legacyBody: excerptOf(comparison.legacyBody, this.bodyLimit) }),
      ...(comparison.newBody && { newBody: excerptOf(comparison.newBody, this.bodyLimit) }),
    };
  }

  private notify(record: ShadowRecord): void {
    for (const listener of this.listeners) listener(record);
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
