import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, login } from '../support/identity';
import { eventually } from '../support/poll';
import { DisposableRedis } from '../support/redis-server';

describe('a Redis outage in the middle of traffic', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: DisposableRedis;
  let running: RunningApp;
  let owner: Caller;
  let spaceId: string;

  beforeAll(async () => {
    database = await createTestDatabase('outage');
    redis = await DisposableRedis.start();
    running = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'outage',
      REDIS_CONNECT_TIMEOUT_MS: '300',
      CACHE_OPERATION_TIMEOUT_MS: '200',
      // This suite is about Redis failing under the cache: no local tier in front of it.
      CACHE_LOCAL_TTL_MS: '0',
      SESSION_CHECK_CACHE_MS: '0',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    owner = await login(running.baseUrl, 'acme', 'owner', 'acme-owner-password');
    spaceId = (
      await call(running.baseUrl, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Through the storm' } })
    ).body.id;
  });

  afterAll(async () => {
    await running.close();
    await redis.stop();
    await database.drop();
  });

  const getSpace = () => call(running.baseUrl, 'GET', `/api/v1/spaces/${spaceId}`, { token: owner.tokens.accessToken });

  it('should serve a cached read while Redis is up', async () => {
    await getSpace();

    const cached = await getSpace();

    expect(cached.headers.get('x-cache')).toBe('HIT');
  });

  it('should keep serving reads from MySQL, refuse logins with 503 naming Redis, and report not ready', async () => {
    await redis.stop();

    const read = await getSpace();
    const loginAttempt = await call(running.baseUrl, 'POST', '/api/v1/auth/login', {
      body: { tenant: 'acme', username: 'owner', password: 'acme-owner-password' },
    });
    const ready = await call(running.baseUrl, 'GET', '/health/ready');

    expect(read.status).toBe(200);
    expect(read.headers.get('x-cache')).toBe('MISS');
    expect(read.body.name).toBe('Through the storm');
    expect(loginAttempt.status).toBe(503);
    expect(loginAttempt.body).toEqual({
      statusCode: 503,
      error: 'DEPENDENCY_UNAVAILABLE',
      message: 'redis is unavailable',
      details: { dependency: 'redis' },
    });
    expect(loginAttempt.headers.get('retry-after')).toBe('5');
    expect(ready).toMatchObject({ status: 503, body: { message: 'Not ready: redis unavailable' } });
  });

  it('should log the cache falling back with a warning, not an error', () => {
    const warning = running.logs.find(
      (line) => line.level === 40 && /Cache (get|set) (failed|timed out); using the database/.test(String(line.msg)),
    );

    expect(warning).toBeDefined();
    expect(running.logs.find((line) => line.level >= 50 && line.context === 'Errors')).toBeUndefined();
  });

  it('should recover logins, readiness and caching once Redis is back', async () => {
    await redis.resume();

    // This Redis keeps nothing on disk: the sessions died with it, so a fresh login is needed.
    const relogin = await eventually(
      async () => {
        const attempt = await call(running.baseUrl, 'POST', '/api/v1/auth/login', {
          body: { tenant: 'acme', username: 'owner', password: 'acme-owner-password' },
        });
        return attempt.status === 200 ? attempt.body : undefined;
      },
      { message: 'login to work again', timeoutMs: 15_000 },
    );
    await eventually(async () => (await call(running.baseUrl, 'GET', '/health/ready')).status === 200, { message: 'readiness to recover' });
    const read = () => call(running.baseUrl, 'GET', `/api/v1/spaces/${spaceId}`, { token: relogin.accessToken });
    await read();

    expect((await read()).headers.get('x-cache')).toBe('HIT');
  });
});
