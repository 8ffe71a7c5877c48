import { Clock } from '@switchyard/common';
import { RollbackEvaluation } from './core/rollback.monitor';
import { ROLLBACK_DEFAULTS, emptyRoutingDocument } from '../document/core/routing-document.model';
import { RouteDecision } from '../decision/core/routing.decision';
import { RollbackRecorder } from './rollback.recorder';
import { RoutingConfigService } from '../document/routing-config.service';
import { RoutingContext } from '../routing.context';
import { RoutingState } from '../document/routing.state';

class FixedClock extends Clock {
  override now(): number {
    return 1_800_000_000_000;
  }
}

class RecordingConfiguration {
  readonly trips: Array<{ feature: string; scope: string; reason?: string }> = [];
  failWith?: Error;

  async tripKillSwitch(feature: string, scope: string, evaluation: RollbackEvaluation): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.trips.push({ feature, scope, reason: evaluation.reason });
  }
}

const TENANT = 't-acme';

function createSut() {
  const state = new RoutingState(new FixedClock());
  const document = emptyRoutingDocument();
  document.rollback = { ...ROLLBACK_DEFAULTS, minRequests: 10, p95FloorMs: 10 };
  state.apply(document, { version: 1, updatedBy: 'test', updatedAt: '', reason: '' });
  const configuration = new RecordingConfiguration();
  const sut = new RollbackRecorder(state, configuration as unknown as RoutingConfigService);
  return { sut, state, configuration };
}

/** A request of the feature by a caller of `tenantId`, or an anonymous one. */
const context = (tenantId: string | null = TENANT): RoutingContext => ({
  decision: { feature: 'spaces-api' } as RouteDecision,
  identity: tenantId ? { tenantId, userId: 'u-1', role: 'member' } : undefined,
  servedBy: 'new',
});

/** Lets the trips started without waiting (on the request path) finish. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(RollbackRecorder.name, () => {
  describe('record', () => {
    it("should trip the tenant at the first failure that breaches the error rate, and not everyone's switch for one tenant", async () => {
      const { sut, configuration } = createSut();
      for (let index = 0; index < 10; index += 1) sut.record(context(), 'legacy', true, 20);
      for (let index = 0; index < 9; index += 1) sut.record(context(), 'new', true, 20);

      sut.record(context(), 'new', false, 20);
      await settle();

      expect(configuration.trips).toEqual([{ feature: 'spaces-api', scope: `tenant:${TENANT}`, reason: 'error-rate' }]);
    });

    it('should trip everyone too once a second tenant breaches', async () => {
      const { sut, configuration } = createSut();
      for (const tenant of [TENANT, 't-globex']) {
        for (let index = 0; index < 10; index += 1) sut.record(context(tenant), 'legacy', true, 20);
        for (let index = 0; index < 10; index += 1) sut.record(context(tenant), 'new', false, 20);
      }
      await settle();

      expect(configuration.trips).toEqual(
        expect.arrayContaining([
          { feature: 'spaces-api', scope: `tenant:${TENANT}`, reason: 'error-rate' },
          { feature: 'spaces-api', scope: 'tenant:t-globex', reason: 'error-rate' },
          { feature: 'spaces-api', scope: '*', reason: 'error-rate' },
        ]),
      );
    });

    it('should not sample anonymous requests, so a flood of them moves no verdict', async () => {
      const { sut, state } = createSut();

      for (let index = 0; index < 100; index += 1) sut.record(context(null), 'legacy', true, 1);

      expect(state.monitor.trackedScopes).toBe(0);
    });

    it('should not evaluate the latency rule on the request path', async () => {
      const { sut, configuration } = createSut();
      for (let index = 0; index < 10; index += 1) sut.record(context(), 'legacy', true, 20);

      for (let index = 0; index < 10; index += 1) sut.record(context(), 'new', true, 500);
      await settle();

      expect(configuration.trips).toEqual([]);
    });

    it('should record nothing while rollback is disabled', async () => {
      const { sut, state } = createSut();
      state.apply(
        { ...state.document, rollback: { ...state.document.rollback, enabled: false } },
        {
          version: 2,
          updatedBy: 'test',
          updatedAt: '',
          reason: '',
        },
      );

      sut.record(context(), 'new', false, 20);

      expect(state.monitor.trackedScopes).toBe(0);
    });
  });

  describe('evaluateChanged', () => {
    it('should trip a latency breach on the next pass', async () => {
      const { sut, configuration } = createSut();
      for (let index = 0; index < 10; index += 1) sut.record(context(), 'legacy', true, 20);
      for (let index = 0; index < 10; index += 1) sut.record(context(), 'new', true, 500);

      await sut.evaluateChanged();

      expect(configuration.trips).toEqual([{ feature: 'spaces-api', scope: `tenant:${TENANT}`, reason: 'latency' }]);
    });

    it('should evaluate only windows that changed since the last pass', async () => {
      const { sut, state } = createSut();
      sut.record(context(), 'new', true, 20);
      const evaluate = jest.spyOn(state.monitor, 'evaluate');

      await sut.evaluateChanged();
      await sut.evaluateChanged();

      // Once for everyone's window and once for the tenant's, in the first pass only.
      expect(evaluate).toHaveBeenCalledTimes(2);
    });

    it('should log and go on when switching the feature off fails', async () => {
      const { sut, configuration } = createSut();
      configuration.failWith = new Error('database is down');
      for (let index = 0; index < 10; index += 1) sut.record(context(), 'legacy', true, 20);
      for (let index = 0; index < 10; index += 1) sut.record(context(), 'new', true, 500);

      await expect(sut.evaluateChanged()).resolves.toBeUndefined();
    });
  });
});
