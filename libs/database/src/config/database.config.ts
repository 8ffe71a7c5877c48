import { BaseEnvironment, EnvBoolean, RequiredInProduction, defineConfig } from '@switchyard/config';
import { IsBoolean, IsDefined, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

class DatabaseEnvironment extends BaseEnvironment {
  @RequiredInProduction()
  @IsDefined({ message: 'is required when NODE_ENV=production (the embedded SQLite profile is single-node only)' })
  @Matches(/^(mysql|mariadb):\/\/.+/, { message: 'must be a mysql:// or mariadb:// URL' })
  DATABASE_URL?: string;

  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE: number = 10;

  @IsInt()
  @Min(100)
  @Max(120_000)
  DATABASE_ACQUIRE_TIMEOUT_MS: number = 10_000;

  // Queries waiting for a pooled connection beyond this are refused at once (503 naming the database)
  // instead of piling up behind a slow database.
  @IsInt()
  @Min(1)
  @Max(100_000)
  DATABASE_QUEUE_LIMIT: number = 500;

  // A query running longer is given up (its connection closed) and answered 503 naming the database, so a
  // stuck query cannot hold a request and a pooled connection for ever. Migrations are not bound by it.
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_QUERY_TIMEOUT_MS: number = 10_000;

  @EnvBoolean()
  @IsBoolean()
  DATABASE_MIGRATIONS_RUN: boolean = true;

  @EnvBoolean()
  @IsBoolean()
  DATABASE_LOGGING: boolean = false;

  @IsString()
  @IsNotEmpty()
  DATABASE_SQLITE_PATH: string = './data/switchyard.sqlite';
}

export type DatabaseConfig =
  | {
      kind: 'mysql';
      url: string;
      poolSize: number;
      acquireTimeoutMs: number;
      /** Waiting queries beyond this fail at once; unset: no limit (one-off tools such as the migrator). */
      queueLimit?: number;
      /** A query running longer fails (fatal, its connection closed); unset: no limit. */
      queryTimeoutMs?: number;
      migrationsRun: boolean;
      logging: boolean;
    }
  | { kind: 'sqlite'; path: string; logging: boolean };

export const databaseConfig = defineConfig('database', DatabaseEnvironment, (environment): DatabaseConfig =>
  environment.DATABASE_URL
    ? {
        kind: 'mysql',
        url: environment.DATABASE_URL,
        poolSize: environment.DATABASE_POOL_SIZE,
        acquireTimeoutMs: environment.DATABASE_ACQUIRE_TIMEOUT_MS,
        queueLimit: environment.DATABASE_QUEUE_LIMIT,
        queryTimeoutMs: environment.DATABASE_QUERY_TIMEOUT_MS,
        migrationsRun: environment.DATABASE_MIGRATIONS_RUN,
        logging: environment.DATABASE_LOGGING,
      }
    : { kind: 'sqlite', path: environment.DATABASE_SQLITE_PATH, logging: environment.DATABASE_LOGGING },
);
