import { TenantBootstrapService } from '@switchyard/tenancy';
import { createConnection } from 'mysql2/promise';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';

describe('bootstrap of the first tenant and admin on MariaDB', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const running: RunningApp[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('bootstrap');
  });

  afterAll(async () => {
    await Promise.all(running.map((app) => app.close()));
    await database.drop();
  });

  const environment = () => ({
    DATABASE_URL: database.url,
    REDIS_URL: undefined,
    BOOTSTRAP_TENANT: 'acme',
    BOOTSTRAP_ADMIN_USER: 'root-admin',
    BOOTSTRAP_ADMIN_PASSWORD: 'a-long-bootstrap-password',
  });

  const rows = async (sql: string): Promise<unknown[]> => {
    const connection = await createConnection({ uri: database.url });
    try {
      const [result] = await connection.query(sql);
      return result as unknown[];
    } finally {
      await connection.end();
    }
  };

  it('should create one tenant and one owner when two nodes start at once', async () => {
    const nodes = await Promise.all([startApp(environment()), startApp(environment())]);
    running.push(...nodes);

    expect(await rows('SELECT slug FROM tenants')).toEqual([{ slug: 'acme' }]);
    expect(await rows('SELECT username, role FROM users')).toEqual([{ username: 'root-admin', role: 'owner' }]);
  });

  it('should store the admin password hashed with scrypt, never in clear', async () => {
    const [user] = (await rows('SELECT password_hash FROM users')) as Array<{ password_hash: string }>;

    expect(user!.password_hash).toMatch(/^scrypt\$/);
    expect(user!.password_hash).not.toContain('a-long-bootstrap-password');
  });

  it('should leave the rows alone on a restart', async () => {
    const restarted = await startApp(environment());
    running.push(restarted);

    const outcome = await restarted.app.get(TenantBootstrapService).run();

    expect(outcome).toBe('already-present');
    expect(await rows('SELECT COUNT(*) AS count FROM users')).toEqual([{ count: 1 }]);
  });
});
