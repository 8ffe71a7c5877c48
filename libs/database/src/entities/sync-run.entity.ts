import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, ValueTransformer } from 'typeorm';
import { SyncJobEntity } from './sync-job.entity';

export const SYNC_RUN_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type SyncRunStatusValue = (typeof SYNC_RUN_STATUSES)[number];

// mysql2 returns BIGINT as a string; counts and epoch milliseconds fit a JavaScript number.
const bigintAsNumber: ValueTransformer = { to: (value: number) => value, from: (value: string | number) => Number(value) };

/** One execution of a sync job on SeaTunnel; times are epoch milliseconds so the stats SQL runs on MySQL and SQLite alike. */
@Entity({ name: 'sync_runs' })
@Index('uq_sync_runs_job_idempotency', ['jobId', 'idempotencyKey'], { unique: true })
@Index('ix_sync_runs_tenant_space_created', ['tenantId', 'spaceId', 'createdAtMs'])
@Index('ix_sync_runs_status', ['status'])
export class SyncRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ name: 'space_id', type: 'varchar', length: 36 })
  spaceId!: string;

  @Column({ name: 'job_id', type: 'varchar', length: 36 })
  jobId!: string;

  @ManyToOne(() => SyncJobEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'fk_sync_runs_job' })
  job?: SyncJobEntity;

  @Column({ type: 'varchar', length: 16 })
  status!: SyncRunStatusValue;

  @Column({ name: 'run_trigger', type: 'varchar', length: 16 })
  trigger!: 'manual' | 'schedule';

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 64, default: '' })
  taskId!: string;

  @Column({ name: 'rows_read', type: 'bigint', default: 0, transformer: bigintAsNumber })
  rowsRead!: number;

  @Column({ name: 'rows_written', type: 'bigint', default: 0, transformer: bigintAsNumber })
  rowsWritten!: number;

  @Column({ type: 'varchar', length: 2000, default: '' })
  error!: string;

  @Column({ name: 'created_at_ms', type: 'bigint', transformer: bigintAsNumber })
  createdAtMs!: number;

  @Column({ name: 'started_at_ms', type: 'bigint', default: 0, transformer: bigintAsNumber })
  startedAtMs!: number;

  @Column({ name: 'finished_at_ms', type: 'bigint', default: 0, transformer: bigintAsNumber })
  finishedAtMs!: number;
}
