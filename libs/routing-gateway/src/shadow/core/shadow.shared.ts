import { ShadowOutcome, ShadowRecord, ShadowReportSnapshot, ShadowRouteCounts, ShadowSample } from './shadow.report';

/** The shadow report as the admin API answers it: every node's, or (Redis away) the answering node's only. */
export interface SharedShadowReport extends ShadowReportSnapshot {
  /** `cluster`: added up over every node through Redis; `node`: this node's own report. */
  scope: 'cluster' | 'node';
  /** Nodes whose comparisons are counted. */
  nodes: number;
  /** Some comparisons are missing: Redis could not be read, or this node could not write its latest yet. */
  partial: boolean;
  problem?: string;
}

const OUTCOMES: readonly ShadowOutcome[] = ['matches', 'mismatches', 'failures', 'skipped'];
const OTHER_ROUTES = '(other routes)';
/** Routes arrive already capped by the node's report; this only keeps the buffer bounded if that ever changes. */
const MAX_PENDING_ROUTES = 1_000;

/** What a node has recorded and not yet written to Redis. */
export interface ShadowDelta {
  counts: Map<string, Record<ShadowOutcome, number>>;
  /** Oldest first. */
  samples: ShadowSample[];
}

/**
 * Recordings waiting for Redis. Counts add up per route (so a long Redis outage costs one entry per route),
 * samples keep only the newest `maxSamples`: memory stays bounded however long Redis is away.
 */
export class ShadowDeltaBuffer {
  private delta: ShadowDelta = emptyDelta();

  constructor(private readonly maxSamples: () => number) {}

  get isEmpty(): boolean {
    return this.delta.counts.size === 0 && this.delta.samples.length === 0;
  }

  /** Comparisons waiting, of every outcome. */
  get size(): number {
    let total = 0;
    for (const counts of this.delta.counts.values()) for (const outcome of OUTCOMES) total += counts[outcome];
    return total;
  }

  add(record: ShadowRecord): void {
    addCount(this.delta, record.route, record.outcome, 1);
    if (record.sample) this.delta.samples.push(record.sample);
    this.trimSamples();
  }

  /** Hands the waiting delta over (to write it) and starts a new one. */
  take(): ShadowDelta | undefined {
    if (this.isEmpty) return undefined;
    const taken = this.delta;
    this.delta = emptyDelta();
    return taken;
  }

  /** A write that failed: its delta goes back in front of what arrived meanwhile. */
  restore(failed: ShadowDelta): void {
    const newer = this.delta;
    this.delta = failed;
    for (const [route, counts] of newer.counts) for (const outcome of OUTCOMES) addCount(this.delta, route, outcome, counts[outcome]);
    this.delta.samples.push(...newer.samples);
    this.trimSamples();
  }

  private trimSamples(): void {
    const excess = this.delta.samples.length - Math.max(this.maxSamples(), 0);
    if (excess > 0) this.delta.samples.splice(0, excess);
  }
}

/** Hash fields `<outcome>|<route>` with their increments; an outcome never contains `|`, a route may. */
export function countIncrements(delta: ShadowDelta): Array<[field: string, increment: number]> {
  const increments: Array<[string, number]> = [];
  for (const [route, counts] of delta.counts)
    for (const outcome of OUTCOMES) if (counts[outcome] > 0) increments.push([`${outcome}|${route}`, counts[outcome]]);
  return increments;
}

/** The counts hash read back, one entry per route, sorted like a node's own report; unknown fields are skipped. */
export function routesOfCounts(hash: Record<string, string>, maxRoutes = 500): ShadowRouteCounts[] {
  const routes = new Map<string, ShadowRouteCounts>();
  for (const [field, value] of Object.entries(hash)) {
    const separator = field.indexOf('|');
    const outcome = field.slice(0, separator) as ShadowOutcome;
    const count = Number(value);
    if (separator < 0 || !OUTCOMES.includes(outcome) || !Number.isSafeInteger(count)) continue;
    const named = field.slice(separator + 1);
    const route = routes.has(named) || routes.size < maxRoutes ? named : OTHER_ROUTES;
    const entry = routes.get(route) ?? { route, matches: 0, mismatches: 0, failures: 0, skipped: 0 };
    entry[outcome] += count;
    routes.set(route, entry);
  }
  return [...routes.values()].sort((left, right) => left.route.localeCompare(right.route));
}

/** The samples list read back, newest first whichever node wrote it first; an unreadable entry is skipped. */
export function samplesOfList(entries: readonly string[], limit: number): ShadowSample[] {
  const samples: ShadowSample[] = [];
  for (const entry of entries) {
    try {
      const sample = JSON.parse(entry) as ShadowSample;
      if (typeof sample?.at === 'string' && typeof sample.route === 'string') samples.push(sample);
    } catch {
      // Written by another version of Switchyard, or cut: not worth failing the whole report for.
    }
  }
  return samples.sort((left, right) => right.at.localeCompare(left.at)).slice(0, Math.max(limit, 0));
}

function emptyDelta(): ShadowDelta {
  return { counts: new Map(), samples: [] };
}

function addCount(delta: ShadowDelta, named: string, outcome: ShadowOutcome, count: number): void {
  const route = delta.counts.has(named) || delta.counts.size < MAX_PENDING_ROUTES ? named : OTHER_ROUTES;
  const counts = delta.counts.get(route) ?? { matches: 0, mismatches: 0, failures: 0, skipped: 0 };
  counts[outcome] += count;
  delta.counts.set(route, counts);
}
