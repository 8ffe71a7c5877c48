import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/databases';
import { buildDataSourceOptions } from '../src/data-source.options';
import { runMigrationsLocked } from '../src/database.migrator';

/** Each migration in order, with the tables it creates: one line per migration keeps concurrent additions apart. */
const TABLES_BY_MIGRATION: Array<[name: string, tables: string[]]> = [
  ['InitialSchema1764230400000', ['space_memberships', 'spaces', 'tenants', 'users']],
  ['Datasources1764230500000', ['datasources']],
  ['Routing1764230600000', ['routing_audit', 'routing_rule_sets']],
  ['Sync1764230700000', ['sync_jobs', 'sync_runs']],
  ['RoutingKillSwitches1764230800000', ['routing_kill_switches']],
];
const MIGRATION_NAMES = TABLES_BY_MIGRATION.map(([name]) => name);
const tablesUpTo = (count: number): string[] =>
  ['migrations', ...TABLES_BY_MIGRATION.slice(0, count).flatMap(([, tables]) => tables)].sort();

/** A pool of two connections on the test database, migrations not yet applied. */
const connect = (url: string): Promise<DataSource> =>
  new DataSource(
    buildDataSourceOptions({ kind: 'mysql', url, poolSize: 2, acquireTimeoutMs: 5000, migrationsRun: true, logging: false }),
  ).initialize();

describe('migrations on MariaDB', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('migrations');
    dataSource = await connect(database.url);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const tables = async (): Promise<string[]> =>
    (
      await dataSource.query('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [
        database.name,
      ])
    ).map((row: { name: string }) => row.name);

  it('should create every table on the way up and match the entities exactly', async () => {
    const applied = await runMigrationsLocked(dataSource);

    expect(applied).toEqual(MIGRATION_NAMES);
    expect((await tables()).sort()).toEqual(tablesUpTo(MIGRATION_NAMES.length));
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('should enforce the unique keys the queries rely on', async () => {
    await dataSource.query("INSERT INTO tenants (id, slug, name) VALUES ('t1', 'acme', 'Acme')");

    await expect(dataSource.query("INSERT INTO tenants (id, slug, name) VALUES ('t2', 'acme', 'Other')")).rejects.toMatchObject({
      code: 'ER_DUP_ENTRY',
    });
  });

  it('should be a no-op when run again', async () => {
    await expect(runMigrationsLocked(dataSource)).resolves.toEqual([]);
  });

  it('should drop the tables of each migration on the way down, one migration at a time', async () => {
    const remaining: string[][] = [];
    for (let step = 0; step < MIGRATION_NAMES.length; step += 1) {
      await dataSource.undoLastMigration();
      remaining.push((await tables()).sort());
    }

    expect(remaining).toEqual(MIGRATION_NAMES.map((_name, index) => tablesUpTo(MIGRATION_NAMES.length - index - 1)));
    expect(remaining.at(-1)).toEqual(['migrations']);
  });

  it('should migrate once when two runners race', async () => {
    const second = await connect(database.url);

    const results = await Promise.all([runMigrationsLocked(dataSource), runMigrationsLocked(second)]);
    await second.destroy();

    expect(results.flat()).toEqual(MIGRATION_NAMES);
  });

  it("should not wait for another database's migrations on the same server", async () => {
    const fresh = await createTestDatabase('migrations-lock');
    const neighbour = await connect(database.url);
    const own = await connect(fresh.url);
    try {
      // Another deployment (or test run) on this server migrating: the server-wide name of old, and its own.
      await neighbour.query("SELECT GET_LOCK('switchyard:migrations', 0), GET_LOCK(CONCAT('switchyard:migrations:', SHA1(DATABASE())), 0)");

      const applied = await runMigrationsLocked(own);

      expect(applied).toEqual(MIGRATION_NAMES);
    } finally {
      await neighbour.destroy();
      await own.destroy();
      await fresh.drop();
    }
  });

  it('should migrate once, and answer nothing pending afterwards, when two serving pools with a query timeout race on a fresh database', async () => {
    const fresh = await createTestDatabase('migrations-timeout');
    const serving = () =>
      new DataSource(
        buildDataSourceOptions({
          kind: 'mysql',
          url: fresh.url,
          poolSize: 2,
          acquireTimeoutMs: 5000,
          queryTimeoutMs: 5000,
          migrationsRun: true,
          logging: false,
        }),
      ).initialize();
    const nodes = await Promise.all([serving(), serving()]);
    try {
      const results = await Promise.all(nodes.map((node) => runMigrationsLocked(node)));
      const again = await runMigrationsLocked(nodes[0]!);

      expect(results.flat()).toEqual(MIGRATION_NAMES);
      expect(again).toEqual([]);
    } finally {
      await Promise.all(nodes.map((node) => node.destroy()));
      await fresh.drop();
    }
  });
});
