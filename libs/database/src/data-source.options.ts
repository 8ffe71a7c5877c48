import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from './config/database.config';
import { DatabaseLogger } from './database.logger';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** One place that turns the typed config into TypeORM options, for the app, the CLI and tests. */
export function buildDataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  if (config.kind === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
    // Embedded single-node profile: the schema follows the entities, no migrations to run.
    return { type: 'better-sqlite3', database: config.path, entities: ENTITIES, synchronize: true, logging: config.logging };
  }
  return {
    type: 'mysql',
    url: config.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: config.logging,
    logger: new DatabaseLogger(config.logging),
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    poolSize: config.poolSize,
    // mysql2's per-query timeout: the query fails with a fatal error and its connection is destroyed.
    ...(config.queryTimeoutMs === undefined ? {} : { maxQueryExecutionTime: config.queryTimeoutMs, enableQueryTimeout: true }),
    extra: {
      connectionLimit: config.poolSize,
      connectTimeout: config.acquireTimeoutMs,
      waitForConnections: true,
      queueLimit: config.queueLimit ?? 0,
    },
  };
}
