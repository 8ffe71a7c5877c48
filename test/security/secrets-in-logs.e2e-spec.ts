import { createConnection } from 'mysql2/promise';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, login } from '../support/identity';

describe('what a failing database leaves in the logs (real MariaDB)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let node: RunningApp;
  let owner: Caller;

  beforeAll(async () => {
    database = await createTestDatabase('logsecrets');
    node = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: undefined,
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    owner = await login(node.baseUrl, 'acme', 'owner', 'acme-owner-password');
    // The database refuses every new user: the insert fails with its statement and values in hand.
    const connection = await createConnection({ uri: database.url });
    try {
      await connection.query(
        "CREATE TRIGGER refuse_users BEFORE INSERT ON users FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test trigger'",
      );
    } finally {
      await connection.end();
    }
  });

  afterAll(async () => {
    await node?.close();
    await database?.drop();
  });

  it('should log a failed insert with its diagnosis but without the statement, the values or the password hash', async () => {
    const created = await call(node.baseUrl, 'POST', '/api/v1/users', {
      token: owner.tokens.accessToken,
      body: { username: 'victim', password: 'victim-password-123', role: 'member' },
    });

    const requestId = created.headers.get('x-request-id');
    const errorLines = node.logs.raw.filter((line) => line.includes(`"requestId":"${requestId}"`) && line.includes('"err"'));
    expect(created.status).toBe(500);
    expect(created.body).toMatchObject({ error: 'INTERNAL_ERROR' });
    expect(JSON.stringify(created.body)).not.toContain('refused by the test trigger');
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain('refused by the test trigger');
    expect(errorLines[0]).not.toMatch(/INSERT INTO|scrypt\$|victim-password/i);
    expect(node.logs.raw.join('\n')).not.toContain('scrypt$');
  });
});
