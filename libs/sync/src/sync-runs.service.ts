import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '@switchyard/auth';
import { Clock } from '@switchyard/common';
import { SyncJobEntity, SyncRunEntity, SyncRunStatusValue } from '@switchyard/database';
import { DatasourceService } from '@switchyard/datasource';
import { SeaTunnelClient, SyncTask, TaskStatus } from '@switchyard/jvm-bridge';
import { RealtimePublisher } from '@switchyard/realtime';
import { SpaceAccessService } from '@switchyard/tenancy';
import { SyncRunDto, SyncStatsDto } from './sync.dto';
import { SyncErrorCode, SyncException } from './sync.errors';
import { SyncJobsService } from './sync-jobs.service';
import { ACTIVE_STATUSES, SyncRunsRepository } from './sync-runs.repository';

const STATUS_OF_TASK: Record<TaskStatus, SyncRunStatusValue> = {
  PENDING: 'pending',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};
const STATS_WINDOW_HOURS = 24;
const POLL_BATCH = 200;

/** Runs of sync jobs on SeaTunnel: start (idempotent), follow, cancel; every status change is pushed to the space. */
@Injectable()
export class SyncRunsService {
  private readonly logger = new Logger(SyncRunsService.name);

  constructor(
    private readonly runs: SyncRunsRepository,
    private readonly jobs: SyncJobsService,
    private readonly datasources: DatasourceService,
    private readonly access: SpaceAccessService,
    private readonly seatunnel: SeaTunnelClient,
    private readonly realtime: RealtimePublisher,
    private readonly clock: Clock,
  ) {}

  /** The same Idempotency-Key returns the same run; without one, every call starts a new run. */
  async start(caller: AuthUser, spaceId: string, jobId: string, idempotencyKey: string | undefined): Promise<SyncRunDto> {
    const job = await this.jobs.require(caller, spaceId, jobId, 'write');
    return SyncRunDto.from(
      await this.startRun(caller, job, 'manual', idempotencyKey ? `manual:${idempotencyKey}` : `manual:${randomUUID()}`),
    );
  }

  async get(caller: AuthUser, spaceId: string, jobId: string, runId: string): Promise<SyncRunDto> {
    return SyncRunDto.from(await this.requireRun(caller, spaceId, jobId, runId, 'read'));
  }

  async cancel(caller: AuthUser, spaceId: string, jobId: string, runId: string): Promise<SyncRunDto> {
    const run = await this.requireRun(caller, spaceId, jobId, runId, 'write');
    if (!ACTIVE_STATUSES.includes(run.status))
      throw new SyncException(SyncErrorCode.RunFinished, `Run ${runId} has already ended (${run.status})`);
    return SyncRunDto.from(await this.apply(run, await this.seatunnel.cancel(run.taskId)));
  }

  async stats(caller: AuthUser, spaceId: string): Promise<SyncStatsDto> {
    await this.access.require(caller, spaceId, 'read');
    const row = await this.runs.stats(caller.tenantId, spaceId, this.clock.now() - STATS_WINDOW_HOURS * 3_600_000);
    const count = (value: number | string | null) => Number(value ?? 0);
    const finished = count(row.succeeded) + count(row.failed);
    return {
      windowHours: STATS_WINDOW_HOURS,
      runsByStatus: {
        pending: count(row.pending),
        running: count(row.running),
        succeeded: count(row.succeeded),
        failed: count(row.failed),
        cancelled: count(row.cancelled),
      },
      successRate: finished > 0 ? count(row.succeeded) / finished : null,
      p95DurationMs: row.p95_duration_ms === null ? null : Number(row.p95_duration_ms),
      rowsRead: count(row.rows_read),
      rowsWritten: count(row.rows_written),
    };
  }

  /** The status poller: asks SeaTunnel about every active run and records what changed. */
  async pollActive(): Promise<number> {
    let changed = 0;
    for (const run of await this.runs.listActive(POLL_BATCH)) {
      try {
        const updated = await this.apply(run, await this.seatunnel.status(run.taskId));
        if (updated.status !== run.status) changed += 1;
      } catch (error) {
        this.logger.warn({ runId: run.id, error: (error as Error).message }, 'Could not refresh a sync run');
      }
    }
    return changed;
  }

  /** The scheduled trigger: one run per due occurrence of the job's cron, the same on every node. */
  async startScheduled(job: SyncJobEntity, occurrence: Date): Promise<SyncRunDto> {
    const system: AuthUser = { userId: 'system:scheduler', tenantId: job.tenantId, username: 'scheduler', role: 'admin', sessionId: '' };
    return SyncRunDto.from(await this.startRun(system, job, 'schedule', `schedule:${occurrence.toISOString()}`));
  }

  private async startRun(
    caller: AuthUser,
    job: SyncJobEntity,
    trigger: 'manual' | 'schedule',
    idempotencyKey: string,
  ): Promise<SyncRunEntity> {
    // Checked again here, not only when saved: the egress policy may have changed, or a name may now resolve elsewhere.
    const [source, target] = await Promise.all([
      this.datasources.connectionOf(caller, job.spaceId, job.sourceDatasourceId),
      this.datasources.connectionOf(caller, job.spaceId, job.targetDatasourceId),
    ]);
    const { run, created } = await this.runs.createOnce(
      { tenantId: job.tenantId, spaceId: job.spaceId, jobId: job.id, trigger, idempotencyKey },
      this.clock.now(),
    );
    if (!created) return run;
    let task: SyncTask;
    try {
      task = await this.seatunnel.submit({
        name: job.name,
        source,
        target,
        tableMapping: job.tableMapping,
        idempotencyKey: run.id,
      });
    } catch (error) {
      // Nothing was started: forget the run, so retrying with the same key submits again.
      await this.runs.delete(run.id);
      throw error;
    }
    // Started: from here on the row stays, whatever fails after (issue 11: a failed publish deleted it).
    return this.apply(run, task);
  }

  private async requireRun(
    caller: AuthUser,
    spaceId: string,
    jobId: string,
    runId: string,
    action: 'read' | 'write',
  ): Promise<SyncRunEntity> {
    await this.jobs.require(caller, spaceId, jobId, action);
    const run = await this.runs.findInSpace(caller.tenantId, spaceId, jobId, runId);
    if (!run) throw new SyncException(SyncErrorCode.RunNotFound, `Sync run ${runId} not found`);
    return run;
  }

  /** Records what SeaTunnel says; a change of status is pushed to the space's WebSocket topic. */
  private async apply(run: SyncRunEntity, task: SyncTask): Promise<SyncRunEntity> {
    const updated = await this.runs.update(run.id, {
      taskId: task.id,
      status: STATUS_OF_TASK[task.status] ?? run.status,
      rowsRead: task.rowsRead,
      rowsWritten: task.rowsWritten,
      error: task.error.slice(0, 2000),
      startedAtMs: task.startedAtMs,
      finishedAtMs: task.finishedAtMs,
    });
    if (updated.status !== run.status || run.taskId === '') {
      // A notification: the run is recorded in MySQL either way, and clients can read it there.
      await this.realtime
        .publish({
          tenantId: run.tenantId,
          target: { kind: 'topic', topic: `space:${run.spaceId}` },
          event: 'sync-run.status',
          data: SyncRunDto.from(updated),
        })
        .catch((error: Error) => this.logger.warn({ runId: run.id, error: error.message }, 'Sync run status not pushed to the space'));
    }
    return updated;
  }
}
