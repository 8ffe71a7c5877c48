import { createConnection } from 'mysql2/promise';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TEST_MYSQL_URL, databaseUrl, runId } from './test-environment';

async function admin<T>(work: (connection: Awaited<ReturnType<typeof createConnection>>) => Promise<T>): Promise<T> {
  const connection = await createConnection({ uri: TEST_MYSQL_URL });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/** A new empty database owned by this run; the global teardown drops whatever the run left. */
export async function createTestDatabase(label = 'db'): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${runId()}_${label}_${randomBytes(3).toString('hex')}`.slice(0, 64);
  await admin((connection) => connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((connection) => connection.query(`DROP DATABASE IF EXISTS \`${name}\``));
}

export async function dropDatabasesOfRun(id: string): Promise<string[]> {
  return admin(async (connection) => {
    const [rows] = await connection.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [
      `${id}\\_%`,
    ]);
    const names = (rows as Array<{ name: string }>).map((row) => row.name);
    for (const name of names) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    return names;
  });
}

/**
 * Creates the schema the way an operator does (`npm run migration:run`), in its own process: for a database
 * whose schema the nodes under test do not own (DATABASE_MIGRATIONS_RUN=false).
 */
export async function migrateAsOperator(url: string): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/migrate.ts', 'run'],
      {
        cwd: join(__dirname, '..', '..'),
        env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', DATABASE_URL: url },
        timeout: 60_000,
      },
      (error, _stdout, stderr) => (error ? reject(new Error(`migration:run failed: ${stderr}`)) : resolve()),
    ),
  );
}
