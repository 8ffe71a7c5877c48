import 'reflect-metadata';
import { validateEnvironment } from '@switchyard/config';
import { buildDataSourceOptions, databaseConfig, runMigrationsLocked } from '@switchyard/database';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';

const USAGE = 'usage: migrate <run|revert|show>';

/** `npm run migration:run|revert|show`: the same migrations the server applies at start-up. */
async function main(command: string | undefined): Promise<number> {
  if (!command || !['run', 'revert', 'show'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  // Only what migrating needs: an operator runs this with DATABASE_URL, not with the server's secrets.
  validateEnvironment(process.env, [databaseConfig]);
  const config = databaseConfig.factory();
  if (config.kind !== 'mysql') {
    process.stderr.write('Migrations are for MySQL/MariaDB: set DATABASE_URL (the embedded SQLite profile builds its schema itself).\n');
    return 2;
  }
  const dataSource = await new DataSource(buildDataSourceOptions(config)).initialize();
  try {
    if (command === 'run') {
      const applied = await runMigrationsLocked(dataSource);
      process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date\n');
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('Reverted the last migration\n');
    } else {
      const pending = await dataSource.showMigrations();
      process.stdout.write(pending ? 'There are pending migrations\n' : 'No pending migrations\n');
    }
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Migration failed: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
