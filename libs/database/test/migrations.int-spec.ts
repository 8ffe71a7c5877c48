import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/databases';
import { buildDataSourceOptions } from '../src/data-source.options';
import { runMigrationsLocked } from '../src/database.migrator';

describe('migrations on MariaDB', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('migrations');
    dataSource = await new DataSource(buildDataSourceOptions({ kind: 'mysql', url: database.url, poolSize: 2, acquireTimeoutMs: 5000, migrationsRun: true, logging: false })).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const tables = async (): Promise<string[]> =>
    (await dataSource.query('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [database.name])).map((row: { name: string }) => row.name);

  it('should create every table on the way up and match the entities exactly', async () => {
    const applied = await runMigrationsLocked(dataSource);

    expect(applied).toEqual(['InitialSchema1764230400000']);
    expect((await tables()).sort()).toEqual(['migrations', 'space_memberships', 'spaces', 'tenants', 'users']);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('should enforce the unique keys the queries rely on', async () => {
    await dataSource.query("INSERT INTO tenants (id, slug, name) VALUES ('t1', 'acme', 'Acme')");

    await expect(dataSource.query("INSERT INTO tenants (id, slug, name) VALUES ('t2', 'acme', 'Other')")).rejects.toMatchObject({ code: 'ER_DUP_ENTRY' });
  });

  it('should be a no-op when run again', async () => {
    await expect(runMigrationsLocked(dataSource)).resolves.toEqual([]);
  });

  it('should drop everything on the way down', async () => {
    await dataSource.undoLastMigration();

    expect(await tables()).toEqual(['migrations']);
  });

  it('should migrate once when two runners race', async () => {
    const second = await new DataSource(buildDataSourceOptions({ kind: 'mysql', url: database.url, poolSize: 2, acquireTimeoutMs: 5000, migrationsRun: true, logging: false })).initialize();

    const results = await Promise.all([runMigrationsLocked(dataSource), runMigrationsLocked(second)]);
    await second.destroy();

    expect(results.flat()).toEqual(['InitialSchema1764230400000']);
  });
});
