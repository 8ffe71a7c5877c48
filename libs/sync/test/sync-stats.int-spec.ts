import { SyncRunEntity, buildDataSourceOptions, runMigrationsLocked } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { AbstractLogger, DataSource, LogLevel, LogMessage } from 'typeorm';
import { createTestDatabase } from '../../../test/support/databases';
import { SyncRunsRepository } from '../src/sync-runs.repository';

/** Keeps every statement TypeORM sends, to show the stats take exactly one. */
class StatementLog extends AbstractLogger {
  readonly statements: string[] = [];

  protected writeLog(_level: LogLevel, message: LogMessage | LogMessage[]): void {
    for (const entry of [message].flat()) if (entry.type === 'query') this.statements.push(String(entry.message));
  }
}

const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;

describe('sync stats on MariaDB', () => {
  const log = new StatementLog(['query']);
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let sut: SyncRunsRepository;
  const tenantId = randomUUID();
  const spaceId = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase('syncstats');
    dataSource = await new DataSource({
      ...buildDataSourceOptions({
        kind: 'mysql',
        url: database.url,
        poolSize: 2,
        acquireTimeoutMs: 5000,
        migrationsRun: true,
        logging: true,
      }),
      logger: log,
    }).initialize();
    await runMigrationsLocked(dataSource);
    await dataSource.query('SET FOREIGN_KEY_CHECKS = 0');
    const run = (status: SyncRunEntity['status'], durationMs: number, rows: number, createdAgoMs = HOUR, space = spaceId) => ({
      id: randomUUID(),
      tenantId,
      spaceId: space,
      jobId: randomUUID(),
      status,
      trigger: 'manual' as const,
      idempotencyKey: randomUUID(),
      rowsRead: rows,
      rowsWritten: rows,
      createdAtMs: NOW - createdAgoMs,
      startedAtMs: NOW - createdAgoMs + 1_000,
      finishedAtMs: status === 'running' ? 0 : NOW - createdAgoMs + 1_000 + durationMs,
    });
    const durations = Array.from({ length: 20 }, (_, index) => (index + 1) * 100);
    await dataSource
      .getRepository(SyncRunEntity)
      .insert([
        ...durations.map((duration) => run('succeeded', duration, 10)),
        run('failed', 50, 3),
        run('failed', 60, 0),
        run('running', 0, 7),
        run('cancelled', 10, 0),
        run('succeeded', 99_999, 1_000, 30 * HOUR),
        run('succeeded', 99_999, 1_000, HOUR, randomUUID()),
      ]);
    sut = new SyncRunsRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('should count runs by status, p95 and rows of the last 24 hours of one space, in one statement', async () => {
    log.statements.length = 0;

    const row = await sut.stats(tenantId, spaceId, NOW - 24 * HOUR);

    expect(log.statements).toHaveLength(1);
    expect(Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value === null ? null : Number(value)]))).toEqual({
      pending: 0,
      running: 1,
      succeeded: 20,
      failed: 2,
      cancelled: 1,
      rows_read: 20 * 10 + 3 + 7,
      rows_written: 20 * 10 + 3 + 7,
      p95_duration_ms: 1_900,
    });
  });
});
