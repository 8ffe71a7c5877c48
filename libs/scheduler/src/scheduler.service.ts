import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DiscoveryService } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MetricsRegistry } from '@switchyard/observability';
import { CronJob } from 'cron';
import { JobSchedule, schedulerConfig } from './config/scheduler.config';
import { JobLock } from './lock/job.lock';
import { ScheduledJob } from './scheduled-job';
import { scheduledTickOf } from './scheduled-tick';

export type TickOutcome = 'ran' | 'skipped' | 'overlapping' | 'failed' | 'missed';

/** Registers the configured jobs and runs each tick on exactly one node. */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly runs;
  private readonly durations;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registry: SchedulerRegistry,
    private readonly lock: JobLock,
    @Inject(schedulerConfig.factory.KEY) private readonly config: ConfigType<typeof schedulerConfig.factory>,
    metrics: MetricsRegistry,
  ) {
    // `job_name`, not `job`: Prometheus sets `job` on every series to the scrape job's name.
    this.runs = metrics.counter('switchyard_scheduler_runs_total', 'Scheduled job ticks by outcome', ['job_name', 'outcome']);
    this.durations = metrics.histogram(
      'switchyard_scheduler_run_duration_seconds',
      'How long the runs of scheduled jobs took (ticks this node ran)',
      ['job_name'],
      [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    );
  }

  onApplicationBootstrap(): void {
    const handlers = this.handlers();
    for (const schedule of this.config.jobs.filter((job) => job.enabled)) {
      const handler = handlers.get(schedule.name);
      if (!handler)
        throw new Error(`Scheduler job "${schedule.name}" has no handler (known jobs: ${[...handlers.keys()].join(', ') || 'none'})`);
      const cron = CronJob.from({
        cronTime: schedule.cron,
        timeZone: schedule.timeZone,
        onTick: () => void this.tick(schedule, handler),
        start: true,
      });
      this.registry.addCronJob(schedule.name, cron as never);
      this.logger.log(`Job "${schedule.name}" scheduled at "${schedule.cron}"${schedule.timeZone ? ` (${schedule.timeZone})` : ''}`);
    }
  }

  onApplicationShutdown(): void {
    for (const name of this.registry.getCronJobs().keys()) this.registry.getCronJob(name).stop();
  }

  /**
   * Every node fires; the one that claims the tick (job + its scheduled time, design.md D59) runs it. The
   * claim is not released: it expires after the lock TTL, so a node whose timer fires late cannot run the
   * same tick again. A second lock skips a tick while the previous run of the job is still going. A timer
   * later than the lock TTL names no tick (`missed`): the claim of that tick may have expired already.
   */
  async tick(schedule: JobSchedule, handler: ScheduledJob, firedAt = Date.now()): Promise<TickOutcome> {
    const tick = scheduledTickOf(schedule.cron, schedule.timeZone, firedAt, schedule.lockTtlMs);
    const outcome = tick === undefined ? 'missed' : await this.claim(schedule, handler, tick);
    this.runs.inc({ job_name: schedule.name, outcome });
    return outcome;
  }

  private async claim(schedule: JobSchedule, handler: ScheduledJob, tick: number): Promise<TickOutcome> {
    if (!(await this.lock.tryAcquire(`tick:${schedule.name}:${tick}`, schedule.lockTtlMs))) return 'skipped';
    const running = `running:${schedule.name}`;
    if (!(await this.lock.tryAcquire(running, schedule.lockTtlMs))) return 'overlapping';
    const timer = this.durations.startTimer({ job_name: schedule.name });
    try {
      await handler.run();
      return 'ran';
    } catch (error) {
      this.logger.error({ job: schedule.name, err: error }, `Job "${schedule.name}" failed`);
      return 'failed';
    } finally {
      timer();
      await this.lock.release(running);
    }
  }

  private handlers(): Map<string, ScheduledJob> {
    const jobs = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is ScheduledJob => instance instanceof ScheduledJob);
    return new Map(jobs.map((job) => [job.name, job]));
  }
}
