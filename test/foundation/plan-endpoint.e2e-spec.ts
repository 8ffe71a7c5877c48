import { RunningApp, startEmbeddedApp } from '../support/app-harness';
import { call, createUserAndLogin, login } from '../support/identity';

describe('GET /api/v1/admin/plan', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startEmbeddedApp({
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
  });

  afterAll(() => running.close());

  it('should show administrators the dependency order and the risk distribution of the real plan', async () => {
    const owner = await login(running.baseUrl, 'acme', 'owner', 'acme-owner-password');

    const response = await call(running.baseUrl, 'GET', '/api/v1/admin/plan', { token: owner.tokens.accessToken });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'approved', order: expect.any(Array), risk: expect.any(Object) });
    expect(JSON.stringify(response.body.order)).toContain('SWY-001');
  });

  it('should refuse members and anonymous callers', async () => {
    const owner = await login(running.baseUrl, 'acme', 'owner', 'acme-owner-password');
    const member = await createUserAndLogin(running.baseUrl, owner, 'acme', 'mia', 'member');

    const asMember = await call(running.baseUrl, 'GET', '/api/v1/admin/plan', { token: member.tokens.accessToken });
    const anonymous = await call(running.baseUrl, 'GET', '/api/v1/admin/plan');

    expect([asMember.status, anonymous.status]).toEqual([403, 401]);
  });
});
