import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { databaseConfig } from './config/database.config';

const MIGRATION_LOCK = 'switchyard:migrations';
const MIGRATION_LOCK_TIMEOUT_SECONDS = 120;

/** Runs pending migrations at start-up under a MySQL named lock, so nodes starting together migrate once. */
@Injectable()
export class DatabaseMigrator implements OnModuleInit {
  private readonly logger = new Logger(DatabaseMigrator.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(databaseConfig.factory.KEY) private readonly config: ConfigType<typeof databaseConfig.factory>,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.kind !== 'mysql' || !this.config.migrationsRun) return;
    const applied = await runMigrationsLocked(this.dataSource);
    this.logger.log({ applied }, applied.length > 0 ? `Applied ${applied.length} migration(s)` : 'Schema is up to date');
  }
}

export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const [{ acquired }] = await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [MIGRATION_LOCK, MIGRATION_LOCK_TIMEOUT_SECONDS]);
    if (Number(acquired) !== 1) throw new Error(`Could not take the migration lock within ${MIGRATION_LOCK_TIMEOUT_SECONDS}s`);
    try {
      const migrations = await dataSource.runMigrations({ transaction: 'each' });
      return migrations.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
