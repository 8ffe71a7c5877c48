import { RunningApp, startEmbeddedApp } from '../support/app-harness';
import { call, login } from '../support/identity';

describe('the auth flow on the embedded profile (SQLite, in-process stores)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startEmbeddedApp({
      REFRESH_GRACE_MS: '0',
      BOOTSTRAP_TENANT: 'local',
      BOOTSTRAP_ADMIN_USER: 'admin',
      BOOTSTRAP_ADMIN_PASSWORD: 'local-admin-password',
    });
  });

  afterAll(() => running.close());

  it('should log in, read me, rotate, detect reuse, log out, and serve spaces with the cache', async () => {
    const url = running.baseUrl;
    const session = await login(url, 'local', 'admin', 'local-admin-password');

    const me = await call(url, 'GET', '/api/v1/auth/me', { token: session.tokens.accessToken });
    const rotated = await call(url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: session.tokens.refreshToken } });
    const space = await call(url, 'POST', '/api/v1/spaces', { token: rotated.body.accessToken, body: { name: 'Local' } });
    const reads = [
      await call(url, 'GET', `/api/v1/spaces/${space.body.id}`, { token: rotated.body.accessToken }),
      await call(url, 'GET', `/api/v1/spaces/${space.body.id}`, { token: rotated.body.accessToken }),
    ];
    const reuse = await call(url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: session.tokens.refreshToken } });
    const afterReuse = await call(url, 'GET', '/api/v1/auth/me', { token: rotated.body.accessToken });
    const second = await login(url, 'local', 'admin', 'local-admin-password');
    const logout = await call(url, 'POST', '/api/v1/auth/logout', { token: second.tokens.accessToken });
    const afterLogout = await call(url, 'GET', '/api/v1/auth/me', { token: second.tokens.accessToken });

    expect(me.body).toMatchObject({ username: 'admin', role: 'owner' });
    expect(rotated.status).toBe(200);
    expect(space.status).toBe(201);
    expect(reads.map((read) => read.headers.get('x-cache'))).toEqual(['MISS', 'HIT']);
    expect([reuse.status, reuse.body.error]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
    expect(afterReuse.status).toBe(401);
    expect([logout.status, afterLogout.status]).toEqual([204, 401]);
  });

  it('should report Redis as in-process in readiness', async () => {
    const ready = await call(running.baseUrl, 'GET', '/health/ready');

    expect(ready.body.info.redis).toEqual({ status: 'up', mode: 'in-process' });
  });
});
