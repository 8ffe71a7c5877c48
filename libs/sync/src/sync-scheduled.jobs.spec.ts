import { Clock } from '@switchyard/common';
import { SyncJobEntity } from '@switchyard/database';
import { SyncJobTriggerJob } from './sync-scheduled.jobs';
import { SyncJobsRepository } from './sync-jobs.repository';
import { SyncRunsService } from './sync-runs.service';

class FakeClock extends Clock {
  constructor(public current: number) {
    super();
  }
  override now(): number {
    return this.current;
  }
}

// Every ten minutes: the same instants in every time zone the machine may run in.
const nightly = { id: 'job-1', cron: '*/10 * * * *', tenantId: 't-1', spaceId: 's-1' } as SyncJobEntity;

function createSut(startAt: string) {
  const clock = new FakeClock(Date.parse(startAt));
  const started: Array<{ jobId: string; occurrence: string }> = [];
  const runs = {
    startScheduled: async (job: SyncJobEntity, occurrence: Date) => started.push({ jobId: job.id, occurrence: occurrence.toISOString() }),
  } as unknown as SyncRunsService;
  const jobs = { listScheduled: async () => [nightly] } as unknown as SyncJobsRepository;
  return { sut: new SyncJobTriggerJob(jobs, runs, clock), clock, started };
}

describe(SyncJobTriggerJob.name, () => {
  describe('run', () => {
    it('should start a job once for the occurrence that passed since it last looked', async () => {
      const { sut, clock, started } = createSut('2026-11-27T01:59:30.000Z');

      clock.current = Date.parse('2026-11-27T01:59:50.000Z');
      await sut.run();
      clock.current = Date.parse('2026-11-27T02:00:10.000Z');
      await sut.run();
      clock.current = Date.parse('2026-11-27T02:00:30.000Z');
      await sut.run();

      expect(started).toEqual([{ jobId: 'job-1', occurrence: '2026-11-27T02:00:00.000Z' }]);
    });
  });
});
