import { createConnection } from 'mysql2/promise';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase } from '../support/databases';
import { ServerProcess } from '../support/server-process';
import { TEST_REDIS_URL, TEST_SECRETS, runId } from '../support/test-environment';

/** Runs the real entry point to its end, the way an operator starts it: for a start-up that must fail. */
function startToExit(environment: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    {
      cwd: join(__dirname, '..', '..'),
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', LOG_LEVEL: 'warn', ...TEST_SECRETS, ...environment },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: result.status, stderr: result.stderr };
}

/** Shared-database mode (issue 13): migrations off against a schema Switchyard does not own. */
describe('start-up with DATABASE_MIGRATIONS_RUN=false', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const environment = (migrations: boolean) => ({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `${runId()}:shared-schema`,
    DATABASE_MIGRATIONS_RUN: String(migrations),
    GRPC_ENABLED: 'false',
  });
  const sql = async (statement: string) => {
    const connection = await createConnection({ uri: database.url });
    try {
      await connection.query(statement);
    } finally {
      await connection.end();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase('shared');
    // The schema's owner (here: Switchyard's own migrations, standing in for the legacy side's) creates it first.
    const owner = await ServerProcess.start(environment(true));
    expect(await owner.stop()).toBe(0);
  });

  afterAll(() => database.drop());

  it('should serve on a schema that holds every table and column it maps, and create nothing', async () => {
    const node = await ServerProcess.start(environment(false));

    const ready = await fetch(`${node.baseUrl}/health/ready`);

    expect(ready.status).toBe(200);
    expect(node.output.join('')).not.toContain('Applied');
    expect(await node.stop()).toBe(0);
  });

  it('should refuse to start naming every missing table and column in one message', async () => {
    await sql('ALTER TABLE spaces DROP COLUMN description');
    await sql('DROP TABLE routing_audit');

    const { status, stderr } = startToExit(environment(false));

    expect(status).toBe(1);
    expect(stderr).toContain('Switchyard cannot start. The database lacks 2 thing(s) Switchyard needs');
    expect(stderr).toContain('column spaces.description');
    expect(stderr).toContain('table routing_audit');
  });
});
