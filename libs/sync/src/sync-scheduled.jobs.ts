import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@switchyard/common';
import { ScheduledJob } from '@switchyard/scheduler';
import { CronTime } from 'cron';
import { SyncJobsRepository } from './sync-jobs.repository';
import { SyncRunsService } from './sync-runs.service';

/** `sync-run-poller`: follows active runs on SeaTunnel (enable it in SCHEDULER_JOBS). */
@Injectable()
export class SyncRunPollerJob extends ScheduledJob {
  readonly name = 'sync-run-poller';

  constructor(private readonly runs: SyncRunsService) {
    super();
  }

  async run(): Promise<void> {
    await this.runs.pollActive();
  }
}

/**
 * `sync-job-trigger`: starts the jobs whose cron had an occurrence since the trigger last looked.
 * The occurrence is the run's idempotency key, so a tick handled twice still starts one run.
 */
@Injectable()
export class SyncJobTriggerJob extends ScheduledJob {
  readonly name = 'sync-job-trigger';
  private readonly logger = new Logger(SyncJobTriggerJob.name);
  private lookedAt: number;

  constructor(
    private readonly jobs: SyncJobsRepository,
    private readonly runs: SyncRunsService,
    private readonly clock: Clock,
  ) {
    super();
    this.lookedAt = clock.now();
  }

  async run(): Promise<void> {
    const now = this.clock.now();
    const since = this.lookedAt;
    this.lookedAt = now;
    for (const job of await this.jobs.listScheduled()) {
      const occurrence = new CronTime(job.cron).getNextDateFrom(new Date(since)).toJSDate();
      if (occurrence.getTime() > now) continue;
      await this.runs
        .startScheduled(job, occurrence)
        .catch((error: Error) => this.logger.warn({ jobId: job.id, error: error.message }, 'Scheduled sync run not started'));
    }
  }
}
