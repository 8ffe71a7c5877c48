import { RollbackMonitor, TrafficSide } from './rollback.monitor';
import { RollbackSettings } from '../../document/core/routing-document.model';

const SETTINGS: RollbackSettings = {
  enabled: true,
  windowMs: 10_000,
  minRequests: 10,
  errorRateFactor: 2,
  p95Factor: 1.2,
  errorRateFloor: 0.01,
  p95FloorMs: 10,
  maxSamples: 1_000,
  globalMinTenants: 1,
};

describe(RollbackMonitor.name, () => {
  let now: number;
  let sut: RollbackMonitor;

  beforeEach(() => {
    now = 1_000_000;
    sut = new RollbackMonitor(SETTINGS, () => now);
  });

  /**
   * Records `count` requests of which the first `errors` failed, all lasting `durationMs`; traffic of everyone
   * (`*`) is one tenant's too (`tenant:t1`), as the gateway records an identified caller's request in both.
   */
  function traffic(side: TrafficSide, count: number, errors: number, durationMs = 50, scope = '*'): void {
    for (let index = 0; index < count; index += 1) {
      sut.record({ feature: 'spaces-api', scope, side, ok: index >= errors, durationMs });
      if (scope === '*') sut.record({ feature: 'spaces-api', scope: 'tenant:t1', side, ok: index >= errors, durationMs });
    }
  }

  describe('evaluate', () => {
    it('should report empty figures for an unknown feature', () => {
      const evaluation = sut.evaluate('unknown', '*');

      expect(evaluation).toEqual({
        trip: false,
        enoughTraffic: false,
        newCount: 0,
        legacyCount: 0,
        newErrorRate: 0,
        legacyErrorRate: 0,
        newP95: 0,
        legacyP95: 0,
        errorRateThreshold: 0.02,
        p95ThresholdMs: 12,
      });
    });

    it.each<[string, [number, number], [number, number], boolean]>([
      ['too few new-side requests', [9, 9], [100, 0], false],
      ['too few legacy requests', [100, 100], [9, 0], false],
      ['exactly minRequests on both sides', [10, 10], [10, 0], true],
    ])('should wait for minRequests on both sides: %s', (_, [newCount, newErrors], [legacyCount, legacyErrors], expectedTrip) => {
      traffic('new', newCount, newErrors);
      traffic('legacy', legacyCount, legacyErrors);

      const evaluation = sut.evaluate('spaces-api', '*');

      expect(evaluation.trip).toBe(expectedTrip);
      expect(evaluation.enoughTraffic).toBe(expectedTrip);
    });

    it.each<[string, number, number, boolean]>([
      ['new 25% vs legacy 10%', 25, 10, true],
      ['new exactly 2x legacy (20% vs 10%)', 20, 10, false],
      ['new 19% vs legacy 10%', 19, 10, false],
      ['new 3% vs legacy 0% (floor 1%)', 3, 0, true],
      ['new exactly 2% vs legacy 0%', 2, 0, false],
      ['new 1% vs legacy 0%', 1, 0, false],
      ['new 0% vs legacy 0%', 0, 0, false],
      ['new 10% vs legacy 50%', 10, 50, false],
    ])('should apply the error-rate rule: %s', (_, newErrors, legacyErrors, expectedTrip) => {
      traffic('new', 100, newErrors);
      traffic('legacy', 100, legacyErrors);

      const evaluation = sut.evaluate('spaces-api', '*');

      expect(evaluation).toMatchObject({ trip: expectedTrip, newErrorRate: newErrors / 100, legacyErrorRate: legacyErrors / 100 });
      expect(evaluation.reason).toBe(expectedTrip ? 'error-rate' : undefined);
    });

    it.each<[string, number, number, boolean]>([
      ['new 121 ms vs legacy 100 ms', 121, 100, true],
      ['new exactly 1.2x legacy (120 ms vs 100 ms)', 120, 100, false],
      ['new faster than legacy', 80, 100, false],
      ['new 13 ms vs legacy 1 ms (floor 10 ms)', 13, 1, true],
      ['new 11 ms vs legacy 1 ms (floor 10 ms)', 11, 1, false],
      ['new 1 ms vs legacy 0 ms', 1, 0, false],
    ])('should apply the latency rule: %s', (_, newMs, legacyMs, expectedTrip) => {
      traffic('new', 20, 0, newMs);
      traffic('legacy', 20, 0, legacyMs);

      const evaluation = sut.evaluate('spaces-api', '*');

      expect(evaluation).toMatchObject({ trip: expectedTrip, newP95: newMs, legacyP95: legacyMs });
      expect(evaluation.reason).toBe(expectedTrip ? 'latency' : undefined);
    });

    it('should use the p95, not the maximum', () => {
      traffic('legacy', 100, 0, 100);
      traffic('new', 95, 0, 100);
      traffic('new', 5, 0, 10_000);

      const evaluation = sut.evaluate('spaces-api', '*');

      expect(evaluation).toMatchObject({ trip: false, newP95: 100 });
    });

    it('should name the error rate when both rules trip', () => {
      traffic('new', 20, 10, 500);
      traffic('legacy', 20, 0, 50);

      const evaluation = sut.evaluate('spaces-api', '*');

      expect(evaluation).toMatchObject({ trip: true, reason: 'error-rate' });
    });

    it('should forget samples older than the window', () => {
      traffic('new', 50, 50);
      traffic('legacy', 50, 0);
      now += SETTINGS.windowMs + 1;
      traffic('new', 20, 0);
      traffic('legacy', 20, 0);

      const evaluation = sut.evaluate('spaces-api', '*');

      expect(evaluation).toMatchObject({ trip: false, newCount: 20, legacyCount: 20, newErrorRate: 0 });
    });

    it('should expire samples on evaluation even without new traffic', () => {
      traffic('new', 50, 50);
      traffic('legacy', 50, 0);
      now += SETTINGS.windowMs + 1;

      const evaluation = sut.evaluate('spaces-api', '*');

      expect(evaluation).toMatchObject({ trip: false, enoughTraffic: false, newCount: 0, legacyCount: 0 });
    });

    it('should keep samples exactly windowMs old', () => {
      traffic('new', 10, 10);
      traffic('legacy', 10, 0);
      now += SETTINGS.windowMs;

      const evaluation = sut.evaluate('spaces-api', '*');

      expect(evaluation).toMatchObject({ trip: true, newCount: 10 });
    });

    it('should keep scopes apart', () => {
      traffic('new', 20, 20, 50, 'tenant:t-acme');
      traffic('legacy', 20, 0, 50, 'tenant:t-acme');
      traffic('new', 20, 0, 50, '*');
      traffic('legacy', 20, 0, 50, '*');

      const [tenant, everyone] = [sut.evaluate('spaces-api', 'tenant:t-acme'), sut.evaluate('spaces-api', '*')];

      expect(tenant.trip).toBe(true);
      expect(everyone.trip).toBe(false);
    });

    it.each<[string, number, string[], boolean]>([
      ['one tenant in breach, two needed', 2, ['tenant:a'], false],
      ['two tenants in breach, two needed', 2, ['tenant:a', 'tenant:b'], true],
      ['one tenant in breach, one needed', 1, ['tenant:a'], true],
    ])('should switch everyone off only when enough tenants breach: %s', (_, globalMinTenants, breaching, expectedTrip) => {
      sut.configure({ ...SETTINGS, globalMinTenants });
      for (const tenant of ['tenant:a', 'tenant:b', 'tenant:c'])
        for (const scope of ['*', tenant])
          for (let index = 0; index < 20; index += 1) {
            sut.record({ feature: 'spaces-api', scope, side: 'new', ok: !breaching.includes(tenant), durationMs: 50 });
            sut.record({ feature: 'spaces-api', scope, side: 'legacy', ok: true, durationMs: 50 });
          }

      const everyone = sut.evaluate('spaces-api', '*');

      expect(everyone).toMatchObject({ trip: expectedTrip, breachingTenants: breaching.length });
      expect(sut.evaluate('spaces-api', 'tenant:a').trip).toBe(true);
    });

    it("should hold a tenant wholly on the new side against the feature's legacy figures, and its own once it has enough", () => {
      for (let index = 0; index < 20; index += 1) {
        sut.record({ feature: 'spaces-api', scope: 'tenant:moved', side: 'new', ok: index >= 10, durationMs: 50 });
        sut.record({ feature: 'spaces-api', scope: '*', side: 'legacy', ok: true, durationMs: 50 });
      }

      const againstEveryone = sut.evaluate('spaces-api', 'tenant:moved');
      for (let index = 0; index < 20; index += 1)
        sut.record({ feature: 'spaces-api', scope: 'tenant:moved', side: 'legacy', ok: index >= 12, durationMs: 50 });
      const againstItself = sut.evaluate('spaces-api', 'tenant:moved');

      expect(againstEveryone).toMatchObject({ trip: true, legacyCount: 20, legacyErrorRate: 0 });
      expect(againstItself).toMatchObject({ trip: false, legacyCount: 20, legacyErrorRate: 0.6 });
    });

    it('should never trip when rollback is disabled, yet report the figures', () => {
      sut.configure({ ...SETTINGS, enabled: false });
      traffic('new', 20, 20);
      traffic('legacy', 20, 0);

      const evaluation = sut.evaluate('spaces-api', '*');

      expect(evaluation).toMatchObject({ trip: false, enoughTraffic: true, newErrorRate: 1 });
    });

    it('should follow new thresholds after configure', () => {
      traffic('new', 100, 25);
      traffic('legacy', 100, 10);

      sut.configure({ ...SETTINGS, errorRateFactor: 3 });

      expect(sut.evaluate('spaces-api', '*').trip).toBe(false);
    });
  });

  describe('record', () => {
    it('should keep at most maxSamples per side', () => {
      sut.configure({ ...SETTINGS, maxSamples: 30 });

      traffic('new', 100, 0);

      expect(sut.evaluate('spaces-api', '*').newCount).toBe(30);
    });

    it('should forget idle scopes as traffic goes on', () => {
      Array.from({ length: 100 }, (_, index) => traffic('new', 1, 0, 50, `tenant:${index}`));
      now += SETTINGS.windowMs + 1;

      traffic('new', 1_024, 0);

      expect(sut.trackedScopes).toBe(2);
    });
  });

  describe('reset', () => {
    it('should start a scope from scratch', () => {
      traffic('new', 20, 20);
      traffic('legacy', 20, 0);

      sut.reset('spaces-api', '*');

      expect(sut.evaluate('spaces-api', '*')).toMatchObject({ trip: false, newCount: 0, legacyCount: 0 });
    });
  });

  describe('prune', () => {
    it('should drop scopes whose samples all expired and keep live ones', () => {
      traffic('new', 1, 0, 50, 'tenant:old');
      now += SETTINGS.windowMs / 2;
      traffic('new', 1, 0, 50, 'tenant:fresh');
      now += SETTINGS.windowMs / 2 + 1;

      sut.prune();

      expect(sut.trackedScopes).toBe(1);
      expect(sut.evaluate('spaces-api', 'tenant:fresh').newCount).toBe(1);
    });
  });
});
