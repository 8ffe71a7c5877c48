import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SyncRunEntity, SyncRunStatusValue, isUniqueViolation } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';

export const ACTIVE_STATUSES: SyncRunStatusValue[] = ['pending', 'running'];

/**
 * The stats of a space over a window, in one statement: runs by status, success rate inputs,
 * nearest-rank p95 of succeeded durations (integer arithmetic, no percentile functions, so it runs on
 * MariaDB and SQLite alike) and rows moved. Parameters: tenant, space, window start (epoch ms), twice.
 */
export const SYNC_STATS_SQL = `
WITH recent AS (
  SELECT status, rows_read, rows_written, finished_at_ms - started_at_ms AS duration_ms
  FROM sync_runs
  WHERE tenant_id = ? AND space_id = ? AND created_at_ms >= ?
),
ranked AS (
  SELECT duration_ms, ROW_NUMBER() OVER (ORDER BY duration_ms) AS position, COUNT(*) OVER () AS total
  FROM recent WHERE status = 'succeeded'
)
SELECT
  SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending,
  SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS running,
  SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END) AS succeeded,
  SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,
  SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
  COALESCE(SUM(rows_read), 0) AS rows_read,
  COALESCE(SUM(rows_written), 0) AS rows_written,
  (SELECT MIN(duration_ms) FROM ranked WHERE position * 100 >= total * 95) AS p95_duration_ms
FROM recent`;

export interface SyncStatsRow {
  pending: number | string | null;
  running: number | string | null;
  succeeded: number | string | null;
  failed: number | string | null;
  cancelled: number | string | null;
  rows_read: number | string;
  rows_written: number | string;
  p95_duration_ms: number | string | null;
}

@Injectable()
export class SyncRunsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get runs() {
    return this.dataSource.getRepository(SyncRunEntity);
  }

  /** The run already made with this key, or a new pending one: idempotent under concurrency (the unique key decides). */
  async createOnce(
    run: Pick<SyncRunEntity, 'tenantId' | 'spaceId' | 'jobId' | 'trigger' | 'idempotencyKey'>,
    now: number,
  ): Promise<{ run: SyncRunEntity; created: boolean }> {
    const existing = await this.runs.findOneBy({ jobId: run.jobId, idempotencyKey: run.idempotencyKey });
    if (existing) return { run: existing, created: false };
    const id = randomUUID();
    try {
      await this.runs.insert({ ...run, id, status: 'pending', createdAtMs: now });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return { run: await this.runs.findOneByOrFail({ jobId: run.jobId, idempotencyKey: run.idempotencyKey }), created: false };
    }
    return { run: await this.runs.findOneByOrFail({ id }), created: true };
  }

  findInSpace(tenantId: string, spaceId: string, jobId: string, id: string): Promise<SyncRunEntity | null> {
    return this.runs.findOneBy({ tenantId, spaceId, jobId, id });
  }

  findInTenant(tenantId: string, id: string): Promise<SyncRunEntity | null> {
    return this.runs.findOneBy({ tenantId, id });
  }

  /** Runs SeaTunnel is still working on, of every tenant: what the status poller follows. */
  listActive(limit: number): Promise<SyncRunEntity[]> {
    return this.runs.find({ where: { status: In(ACTIVE_STATUSES) }, order: { createdAtMs: 'ASC' }, take: limit });
  }

  async update(id: string, changes: Partial<SyncRunEntity>): Promise<SyncRunEntity> {
    await this.runs.update({ id }, changes);
    return this.runs.findOneByOrFail({ id });
  }

  async delete(id: string): Promise<void> {
    await this.runs.delete({ id });
  }

  async stats(tenantId: string, spaceId: string, since: number): Promise<SyncStatsRow> {
    const [row] = (await this.dataSource.query(SYNC_STATS_SQL, [tenantId, spaceId, since])) as SyncStatsRow[];
    return row!;
  }
}
