import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { eventually } from '../support/poll';
import { Caller, call, login } from '../support/identity';
import { TcpProxy } from '../support/tcp-proxy';
import { TEST_MYSQL_URL } from '../support/test-environment';

describe('readiness with MariaDB behind a link that can be cut', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy;
  let running: RunningApp;
  let owner: Caller;

  beforeAll(async () => {
    database = await createTestDatabase('ready');
    const mysql = new URL(TEST_MYSQL_URL);
    proxy = await new TcpProxy({ host: mysql.hostname, port: Number(mysql.port || 3306) }).start();
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    running = await startApp({
      DATABASE_URL: viaProxy.toString(),
      REDIS_URL: undefined,
      DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    owner = await login(running.baseUrl, 'acme', 'owner', 'acme-owner-password');
  });

  afterAll(async () => {
    await running.close();
    await proxy.stop();
    await database.drop();
  });

  it('should be ready while the database answers', async () => {
    const response = await fetch(`${running.baseUrl}/health/ready`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('should answer 503 naming the database when it is unreachable, while liveness stays 200', async () => {
    proxy.interrupt();

    const response = await fetch(`${running.baseUrl}/health/ready`);
    const live = await fetch(`${running.baseUrl}/health/live`);

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      statusCode: 503,
      error: 'NOT_READY',
      message: 'Not ready: database unavailable',
      details: { database: { status: 'down' } },
    });
    expect(live.status).toBe(200);
  });

  it("should keep the dependency's error text for the operator's log, not the probe's answer", async () => {
    const response = await fetch(`${running.baseUrl}/health/ready`);

    const body = (await response.json()) as { details: Record<string, unknown> };
    expect(response.status).toBe(503);
    expect(body.details.database).toEqual({ status: 'down' });
    expect(running.logs.find((line) => line.msg === 'Not ready: database unavailable')).toMatchObject({
      failing: { database: { status: 'down', message: expect.any(String) } },
    });
  });

  it('should answer an API request that needs the database 503 naming it, and log a warning, not an error', async () => {
    const response = await call(running.baseUrl, 'GET', '/api/v1/spaces', { token: owner.tokens.accessToken });

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'DEPENDENCY_UNAVAILABLE',
      message: 'database is unavailable',
      details: { dependency: 'database' },
    });
    expect(running.logs.find((line) => line.status === 503)).toMatchObject({ level: 40 });
  });

  it('should be ready again once the database is back', async () => {
    proxy.restore();

    await eventually(async () => (await fetch(`${running.baseUrl}/health/ready`)).status === 200, { message: 'readiness to recover' });
  });
});
