import { DiscoveryService } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '@switchyard/common';
import { MetricsRegistry } from '@switchyard/observability';
import { JobSchedule } from './config/scheduler.config';
import { MemoryJobLock } from './lock/memory-job.lock';
import { ScheduledJob } from './scheduled-job';
import { SchedulerService } from './scheduler.service';

const AT = (seconds: number, milliseconds = 0) => Date.UTC(2026, 0, 1, 0, 0, seconds, milliseconds);

class FixedClock extends Clock {
  at = AT(10);
  override now(): number {
    return this.at;
  }
}

class CountingJob extends ScheduledJob {
  readonly name = 'probe';
  runs = 0;
  async run(): Promise<void> {
    this.runs += 1;
  }
}

const schedule: JobSchedule = { name: 'probe', cron: '*/5 * * * * *', enabled: true, lockTtlMs: 4_000, timeZone: 'UTC' };

/** Two nodes sharing one lock, as two nodes share Redis. */
function twoNodes() {
  const clock = new FixedClock();
  const lock = new MemoryJobLock(clock);
  const node = () =>
    new SchedulerService({} as DiscoveryService, {} as SchedulerRegistry, lock, { jobs: [schedule] }, new MetricsRegistry());
  return { clock, lock, nodes: [node(), node()] };
}

describe(SchedulerService.name, () => {
  it('should run a tick once when two nodes fire either side of a half second, and run the next tick too', async () => {
    const { clock, nodes } = twoNodes();
    const job = new CountingJob();

    clock.at = AT(10, 450);
    const first = await nodes[0].tick(schedule, job, AT(10, 450));
    clock.at = AT(10, 550);
    const second = await nodes[1].tick(schedule, job, AT(10, 550));
    clock.at = AT(15, 30);
    const next = await nodes[1].tick(schedule, job, AT(15, 30));

    expect([first, second, next]).toEqual(['ran', 'skipped', 'ran']);
    expect(job.runs).toBe(2);
  });

  it('should call a timer later than the lock TTL a missed tick and run nothing', async () => {
    const { nodes } = twoNodes();
    const job = new CountingJob();

    const outcome = await nodes[0].tick(schedule, job, AT(14, 500));

    expect(outcome).toBe('missed');
    expect(job.runs).toBe(0);
  });
});

describe(MemoryJobLock.name, () => {
  it('should forget claims that expired, so tick keys do not pile up', async () => {
    const clock = new FixedClock();
    const lock = new MemoryJobLock(clock);

    for (let tick = 0; tick < 1_000; tick += 1) {
      clock.at = AT(0) + tick * 1_000;
      await lock.tryAcquire(`tick:probe:${tick}`, 900);
    }

    expect((lock as unknown as { held: Map<string, number> }).held.size).toBeLessThanOrEqual(64);
  });
});
