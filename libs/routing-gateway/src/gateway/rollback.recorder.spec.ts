import { Clock } from '@switchyard/common';
import { RollbackEvaluation } from '../rollback.monitor';
import { ROLLBACK_DEFAULTS, emptyRoutingDocument } from '../routing-document.model';
import { RouteDecision } from '../routing.decision';
import { RollbackRecorder } from './rollback.recorder';
import { RoutingConfigService } from './routing-config.service';
import { RoutingContext } from './routing.context';
import { RoutingState } from './routing.state';

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

const context = (withTenant = true): RoutingContext => ({
  decision: { feature: 'spaces-api' } as RouteDecision,
  identity: withTenant ? { tenantId: TENANT, userId: 'u-1', role: 'member' } : undefined,
  servedBy: 'new',
});

/** Lets the trips started without waiting (on the request path) finish. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(RollbackRecorder.name, () => {
  describe('record', () => {
    it('should trip the feature for everyone and for the tenant at the first failure that breaches the error rate', async () => {
      const { sut, configuration } = createSut();
      for (let index = 0; index < 10; index += 1) sut.record(context(), 'legacy', true, 20);
      for (let index = 0; index < 9; index += 1) sut.record(context(), 'new', true, 20);

      sut.record(context(), 'new', false, 20);
      await settle();

      expect(configuration.trips).toEqual([
        { feature: 'spaces-api', scope: '*', reason: 'error-rate' },
        { feature: 'spaces-api', scope: `tenant:${TENANT}`, reason: 'error-rate' },
      ]);
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
      for (let index = 0; index < 10; index += 1) sut.record(context(false), 'legacy', true, 20);
      for (let index = 0; index < 10; index += 1) sut.record(context(false), 'new', true, 500);

      await sut.evaluateChanged();

      expect(configuration.trips).toEqual([{ feature: 'spaces-api', scope: '*', reason: 'latency' }]);
    });

    it('should evaluate only windows that changed since the last pass', async () => {
      const { sut, state } = createSut();
      sut.record(context(false), 'new', true, 20);
      const evaluate = jest.spyOn(state.monitor, 'evaluate');

      await sut.evaluateChanged();
      await sut.evaluateChanged();

      expect(evaluate).toHaveBeenCalledTimes(1);
    });

    it('should log and go on when switching the feature off fails', async () => {
      const { sut, configuration } = createSut();
      configuration.failWith = new Error('database is down');
      for (let index = 0; index < 10; index += 1) sut.record(context(false), 'legacy', true, 20);
      for (let index = 0; index < 10; index += 1) sut.record(context(false), 'new', true, 500);

      await expect(sut.evaluateChanged()).resolves.toBeUndefined();
    });
  });
});
