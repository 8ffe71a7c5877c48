import { RollbackSettings } from '../../document/core/routing-document.model';
import { ALL_SCOPE, TENANT_SCOPE_PREFIX } from '../../decision/core/kill-switch.registry';
import { SampleWindow } from './sample.window';

export type TrafficSide = 'new' | 'legacy';

export interface TrafficSample {
  feature: string;
  /** `*` or a kill-switch scope such as `tenant:<id>` (see kill-switch.registry.ts). */
  scope: string;
  side: TrafficSide;
  /** False for a 5xx, a timeout or a connection error. */
  ok: boolean;
  durationMs: number;
}

export type RollbackReason = 'error-rate' | 'latency';

export interface RollbackEvaluation {
  trip: boolean;
  reason?: RollbackReason;
  /** Both sides reached `minRequests` in the window; nothing trips before. */
  enoughTraffic: boolean;
  newCount: number;
  legacyCount: number;
  newErrorRate: number;
  legacyErrorRate: number;
  newP95: number;
  legacyP95: number;
  /** The new side trips above these. */
  errorRateThreshold: number;
  p95ThresholdMs: number;
  /** For the all-tenants scope: how many tenant scopes of the feature trip on their own (it needs `globalMinTenants`). */
  breachingTenants?: number;
}

interface SideWindows {
  feature: string;
  scope: string;
  new: SampleWindow;
  legacy: SampleWindow;
  /** Samples arrived since the last full evaluation. */
  changed: boolean;
}

const SWEEP_EVERY = 1_024;

/**
 * Rolling comparison of the new side with legacy per feature and scope. The new side trips when its
 * error rate exceeds `errorRateFactor × max(legacy rate, errorRateFloor)` or its p95 exceeds
 * `p95Factor × max(legacy p95, p95FloorMs)`; the floors keep a perfect or very fast legacy from
 * making any single new-side error or millisecond trip.
 */
export class RollbackMonitor {
  // By feature, then scope: recording builds no key string.
  private readonly windows = new Map<string, Map<string, SideWindows>>();
  private recordsSinceSweep = 0;

  constructor(
    private settings: RollbackSettings,
    private readonly clock: () => number,
  ) {}

  /** Follows a hot reload; samples already recorded stay. */
  configure(settings: RollbackSettings): void {
    this.settings = settings;
  }

  record(sample: TrafficSample): void {
    const now = this.clock();
    const windows = this.windowsFor(sample.feature, sample.scope, true) as SideWindows;
    windows[sample.side].add({ at: now, ok: sample.ok, durationMs: sample.durationMs }, this.settings.maxSamples);
    windows[sample.side].expire(now - this.settings.windowMs);
    windows.changed = true;
    this.recordsSinceSweep += 1;
    if (this.recordsSinceSweep >= SWEEP_EVERY) this.prune();
  }

  /**
   * The error-rate rule alone, from running counts: constant time, so it can run on every new-side
   * failure and trip at once. The latency rule needs the whole window and runs from `evaluate`.
   */
  breachesErrorRate(feature: string, scope: string): boolean {
    const windows = this.windowsFor(feature, scope, false);
    if (!windows || !this.settings.enabled) return false;
    const { minRequests, errorRateFactor, errorRateFloor, windowMs } = this.settings;
    const next = windows.new;
    next.expire(this.clock() - windowMs);
    const legacy = this.baseline(feature, windows);
    if (next.size < minRequests || legacy.size < minRequests) return false;
    return next.errors / next.size > errorRateFactor * Math.max(legacy.errors / legacy.size, errorRateFloor);
  }

  /** The feature/scope pairs that saw samples since they were last evaluated in full; each is marked evaluated. */
  takeChanged(): Array<{ feature: string; scope: string }> {
    const changed: Array<{ feature: string; scope: string }> = [];
    for (const windows of this.allWindows()) {
      if (!windows.changed) continue;
      windows.changed = false;
      changed.push({ feature: windows.feature, scope: windows.scope });
    }
    return changed;
  }

  evaluate(feature: string, scope: string): RollbackEvaluation {
    const windows = this.windowsFor(feature, scope, false);
    const cutOff = this.clock() - this.settings.windowMs;
    windows?.new.expire(cutOff);
    const fresh = new SampleWindow().statistics();
    const next = windows?.new.statistics() ?? fresh;
    const legacy = windows ? this.baseline(feature, windows).statistics() : fresh;
    const { minRequests, errorRateFactor, errorRateFloor, p95Factor, p95FloorMs } = this.settings;
    const evaluation: RollbackEvaluation = {
      trip: false,
      enoughTraffic: next.count >= minRequests && legacy.count >= minRequests,
      newCount: next.count,
      legacyCount: legacy.count,
      newErrorRate: next.errorRate,
      legacyErrorRate: legacy.errorRate,
      newP95: next.p95,
      legacyP95: legacy.p95,
      errorRateThreshold: errorRateFactor * Math.max(legacy.errorRate, errorRateFloor),
      p95ThresholdMs: p95Factor * Math.max(legacy.p95, p95FloorMs),
    };
    const verdict = this.verdict(evaluation);
    if (scope !== ALL_SCOPE || !verdict.trip) return { ...evaluation, ...verdict };
    // Everyone's switch needs several tenants in breach: one tenant's traffic cannot switch a feature off for all.
    const breachingTenants = this.breachingTenants(feature);
    const several = breachingTenants >= this.settings.globalMinTenants;
    return { ...evaluation, ...(several ? verdict : { trip: false }), breachingTenants };
  }

  /**
   * Legacy's figures to hold a scope's new side against: its own while it has `minRequests` of them, else the
   * feature's over every identified caller — a tenant wholly on the new side sends legacy nothing of its own.
   */
  private baseline(feature: string, windows: SideWindows): SampleWindow {
    const cutOff = this.clock() - this.settings.windowMs;
    windows.legacy.expire(cutOff);
    if (windows.scope === ALL_SCOPE || windows.legacy.size >= this.settings.minRequests) return windows.legacy;
    const everyone = this.windowsFor(feature, ALL_SCOPE, false);
    everyone?.legacy.expire(cutOff);
    return everyone?.legacy ?? windows.legacy;
  }

  private breachingTenants(feature: string): number {
    let count = 0;
    for (const scope of this.windows.get(feature)?.keys() ?? [])
      if (scope.startsWith(TENANT_SCOPE_PREFIX) && this.evaluate(feature, scope).trip) count += 1;
    return count;
  }

  /** Every feature/scope pair with samples in memory, for the console's live figures; unlike `takeChanged`, marks nothing. */
  tracked(): Array<{ feature: string; scope: string }> {
    return [...this.allWindows()].map(({ feature, scope }) => ({ feature, scope }));
  }

  /** Forgets a feature and scope, e.g. once it has been switched off, so the next evaluation starts clean. */
  reset(feature: string, scope: string): void {
    this.windows.get(feature)?.delete(scope);
  }

  /** Drops expired samples everywhere and forgets idle feature/scope pairs. */
  prune(): void {
    const before = this.clock() - this.settings.windowMs;
    for (const [feature, scopes] of this.windows) {
      for (const [scope, windows] of scopes) {
        windows.new.expire(before);
        windows.legacy.expire(before);
        if (windows.new.size === 0 && windows.legacy.size === 0) scopes.delete(scope);
      }
      if (scopes.size === 0) this.windows.delete(feature);
    }
    this.recordsSinceSweep = 0;
  }

  /** How many feature/scope pairs are tracked, for a memory gauge. */
  get trackedScopes(): number {
    let count = 0;
    for (const scopes of this.windows.values()) count += scopes.size;
    return count;
  }

  private *allWindows(): Iterable<SideWindows> {
    for (const scopes of this.windows.values()) yield* scopes.values();
  }

  private verdict(evaluation: RollbackEvaluation): Pick<RollbackEvaluation, 'trip' | 'reason'> {
    if (!this.settings.enabled || !evaluation.enoughTraffic) return { trip: false };
    if (evaluation.newErrorRate > evaluation.errorRateThreshold) return { trip: true, reason: 'error-rate' };
    if (evaluation.newP95 > evaluation.p95ThresholdMs) return { trip: true, reason: 'latency' };
    return { trip: false };
  }

  private windowsFor(feature: string, scope: string, create: boolean): SideWindows | undefined {
    let scopes = this.windows.get(feature);
    if (!scopes) {
      if (!create) return undefined;
      scopes = new Map();
      this.windows.set(feature, scopes);
    }
    let windows = scopes.get(scope);
    if (!windows && create) {
      windows = { feature, scope, new: new SampleWindow(), legacy: new SampleWindow(), changed: false };
      scopes.set(scope, windows);
    }
    return windows;
  }
}
