import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sync job definitions and their runs on SeaTunnel. */
export class Sync1764230700000 implements MigrationInterface {
  name = 'Sync1764230700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE sync_jobs (
      id VARCHAR(36) NOT NULL,
      tenant_id VARCHAR(36) NOT NULL,
      space_id VARCHAR(36) NOT NULL,
      name VARCHAR(120) NOT NULL,
      source_datasource_id VARCHAR(36) NOT NULL,
      target_datasource_id VARCHAR(36) NOT NULL,
      table_mapping TEXT NOT NULL,
      cron VARCHAR(100) NOT NULL DEFAULT '',
      created_by VARCHAR(36) NOT NULL,
      created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      PRIMARY KEY (id),
      UNIQUE KEY uq_sync_jobs_space_name (space_id, name),
      KEY ix_sync_jobs_tenant_space_created (tenant_id, space_id, created_at, id),
      CONSTRAINT fk_sync_jobs_space FOREIGN KEY (space_id) REFERENCES spaces (id) ON DELETE CASCADE ON UPDATE NO ACTION
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`CREATE TABLE sync_runs (
      id VARCHAR(36) NOT NULL,
      tenant_id VARCHAR(36) NOT NULL,
      space_id VARCHAR(36) NOT NULL,
      job_id VARCHAR(36) NOT NULL,
      status VARCHAR(16) NOT NULL,
      run_trigger VARCHAR(16) NOT NULL,
      idempotency_key VARCHAR(200) NOT NULL,
      task_id VARCHAR(64) NOT NULL DEFAULT '',
      rows_read BIGINT NOT NULL DEFAULT 0,
      rows_written BIGINT NOT NULL DEFAULT 0,
      error VARCHAR(2000) NOT NULL DEFAULT '',
      created_at_ms BIGINT NOT NULL,
      started_at_ms BIGINT NOT NULL DEFAULT 0,
      finished_at_ms BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (id),
      UNIQUE KEY uq_sync_runs_job_idempotency (job_id, idempotency_key),
      KEY ix_sync_runs_tenant_space_created (tenant_id, space_id, created_at_ms),
      KEY ix_sync_runs_status (status),
      CONSTRAINT fk_sync_runs_job FOREIGN KEY (job_id) REFERENCES sync_jobs (id) ON DELETE CASCADE ON UPDATE NO ACTION
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sync_runs');
    await queryRunner.query('DROP TABLE sync_jobs');
  }
}
