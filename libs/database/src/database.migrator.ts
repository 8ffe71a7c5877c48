import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { MysqlDataSourceOptions } from 'typeorm/driver/mysql/MysqlDataSourceOptions';
import { databaseConfig } from './config/database.config';
import { SchemaMismatchError, missingSchema } from './schema/schema.check';

// MySQL's named locks are server-wide: the database's name (hashed, for the 64-character limit) keeps
// deployments and test runs sharing one server from waiting on each other's migrations.
const MIGRATION_LOCK = "CONCAT('switchyard:migrations:', SHA1(DATABASE()))";
const MIGRATION_LOCK_TIMEOUT_SECONDS = 120;

/**
 * Runs pending migrations at start-up under a MySQL named lock, so nodes starting together migrate once.
 * With migrations off (a schema Switchyard does not own, such as the legacy backend's), it checks instead
 * that every table and column the entities need exists, and refuses to start naming each one missing.
 */
@Injectable()
export class DatabaseMigrator implements OnModuleInit {
  private readonly logger = new Logger(DatabaseMigrator.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(databaseConfig.factory.KEY) private readonly config: ConfigType<typeof databaseConfig.factory>,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.kind !== 'mysql') return;
    if (!this.config.migrationsRun) return this.checkSchema();
    const applied = await runMigrationsLocked(this.dataSource);
    this.logger.log({ applied }, applied.length > 0 ? `Applied ${applied.length} migration(s)` : 'Schema is up to date');
  }

  private async checkSchema(): Promise<void> {
    const rows = (await this.dataSource.query(
      'SELECT TABLE_NAME AS tableName, COLUMN_NAME AS columnName FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()',
    )) as Array<{ tableName: string; columnName: string }>;
    const present = new Map<string, Set<string>>();
    for (const { tableName, columnName } of rows) {
      const columns = present.get(tableName) ?? present.set(tableName, new Set()).get(tableName)!;
      columns.add(columnName.toLowerCase());
    }
    const required = this.dataSource.entityMetadatas.map((entity) => ({
      table: entity.tableName,
      columns: entity.columns.map((column) => column.databaseName),
    }));
    const missing = missingSchema(required, present);
    if (missing.length > 0) throw new SchemaMismatchError(missing);
    this.logger.log(`Migrations off (DATABASE_MIGRATIONS_RUN=false): the schema holds the ${required.length} tables Switchyard maps`);
  }
}

/**
 * Migrations may wait for the lock and alter large tables for longer than the query timeout of the
 * serving pool, so they run on a data source of their own without it: two connections, one holding the
 * lock while the other migrates.
 */
export async function runMigrationsLocked(serving: DataSource): Promise<string[]> {
  if (serving.options.type !== 'mysql' || !serving.options.enableQueryTimeout) return migrateLocked(serving);
  // The usual start: nothing to apply, no second pool to open.
  if (!(await hasPendingMigrations(serving))) return [];
  const options: MysqlDataSourceOptions = {
    ...serving.options,
    enableQueryTimeout: false,
    poolSize: 2,
    extra: { ...serving.options.extra, connectionLimit: 2 },
  };
  const dataSource = await new DataSource(options).initialize();
  try {
    return await migrateLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function migrateLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const [{ acquired }] = await runner.query(`SELECT GET_LOCK(${MIGRATION_LOCK}, ?) AS acquired`, [MIGRATION_LOCK_TIMEOUT_SECONDS]);
    if (Number(acquired) !== 1) throw new Error(`Could not take the migration lock within ${MIGRATION_LOCK_TIMEOUT_SECONDS}s`);
    try {
      const migrations = await dataSource.runMigrations({ transaction: 'each' });
      return migrations.map((migration) => migration.name);
    } finally {
      await runner.query(`SELECT RELEASE_LOCK(${MIGRATION_LOCK})`);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Read-only, so nodes starting together may all ask before the lock (TypeORM's showMigrations creates the
 * migrations table, and two nodes creating it at once fail): any migration not recorded, or no table yet.
 */
async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  let rows: Array<{ name: string }>;
  try {
    rows = (await dataSource.query(`SELECT name FROM \`${table}\``)) as Array<{ name: string }>;
  } catch (error) {
    if ((error as { driverError?: { code?: string } }).driverError?.code === 'ER_NO_SUCH_TABLE') return true;
    throw error;
  }
  const applied = new Set(rows.map((row) => row.name));
  return dataSource.migrations.some((migration) => !applied.has(migration.name ?? migration.constructor.name));
}
