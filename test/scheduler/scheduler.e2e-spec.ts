import { ConfigValidationError } from '@switchyard/config';
import { MetricsRegistry } from '@switchyard/observability';
import { RunningApp, startApp, startEmbeddedApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { eventually } from '../support/poll';
import { ProbeJobModule, probeJobRuns } from '../support/probe-job.module';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

const EVERY_SECOND = JSON.stringify([{ name: 'probe-tick', cron: '* * * * * *', lockTtlMs: 900 }]);

describe('scheduled jobs', () => {
  describe('start-up', () => {
    it('should refuse to start with an invalid cron expression, naming the job', async () => {
      const start = startEmbeddedApp({ SCHEDULER_JOBS: JSON.stringify([{ name: 'sync-trigger', cron: '61 * * * *' }]) });

      await expect(start).rejects.toThrow(ConfigValidationError);
      await expect(start).rejects.toThrow(/SCHEDULER_JOBS: job "sync-trigger": cron "61 \* \* \* \*" is not a valid cron expression/);
    });

    it('should refuse to start with a job nothing implements, naming it', async () => {
      const start = startEmbeddedApp({ SCHEDULER_JOBS: JSON.stringify([{ name: 'no-such-job', cron: '* * * * *' }]) });

      await expect(start).rejects.toThrow(/Scheduler job "no-such-job" has no handler/);
    });
  });

  describe('with two nodes and one Redis', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let nodes: RunningApp[] = [];

    beforeAll(async () => {
      database = await createTestDatabase('scheduler');
      const environment = {
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: `${runId()}:scheduler`,
        SCHEDULER_JOBS: EVERY_SECOND,
      };
      nodes = await Promise.all([
        startApp(environment, { imports: [ProbeJobModule] }),
        startApp(environment, { imports: [ProbeJobModule] }),
      ]);
    });

    afterAll(async () => {
      await Promise.all(nodes.map((node) => node.close()));
      await database.drop();
    });

    it('should run each tick exactly once while both nodes fire', async () => {
      await eventually(() => probeJobRuns.length >= 4, { message: 'four ticks to run', timeoutMs: 15_000 });

      const seconds = probeJobRuns.map((at) => Math.round(at / 1000));
      // Each node counts its own ticks; the skipped ones are those the other node claimed.
      let skipped = 0;
      for (const node of nodes) {
        const values = (await node.app.get(MetricsRegistry).registry.getSingleMetric('switchyard_scheduler_runs_total')!.get()).values;
        skipped += values.find((value) => value.labels.job_name === 'probe-tick' && value.labels.outcome === 'skipped')?.value ?? 0;
      }

      expect(new Set(seconds).size).toBe(seconds.length);
      expect(skipped).toBeGreaterThan(0);
    });
  });
});
