import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, createUserAndLogin, insertTenantWithOwner, login } from '../support/identity';

describe('GET /api/v1/admin/plan', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let running: RunningApp;
  let platformOwner: Caller;

  beforeAll(async () => {
    database = await createTestDatabase('plan');
    // acme is the bootstrap tenant and so, without PLATFORM_TENANT, the platform tenant; globex is any other tenant.
    running = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: undefined,
      PLATFORM_TENANT: undefined,
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    platformOwner = await login(running.baseUrl, 'acme', 'owner', 'acme-owner-password');
  });

  afterAll(async () => {
    await running.close();
    await database.drop();
  });

  it('should show platform administrators the dependency order and the risk distribution of the real plan', async () => {
    const platformAdmin = await createUserAndLogin(running.baseUrl, platformOwner, 'acme', 'ada', 'admin');

    const responses = await Promise.all(
      [platformOwner, platformAdmin].map((caller) =>
        call(running.baseUrl, 'GET', '/api/v1/admin/plan', { token: caller.tokens.accessToken }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(responses[0]!.body).toMatchObject({ status: 'approved', order: expect.any(Array), risk: expect.any(Object) });
    expect(JSON.stringify(responses[0]!.body.order)).toContain('SWY-001');
  });

  it("should refuse another tenant's owner and admin with 403 FORBIDDEN, as the routing admin API does", async () => {
    const otherOwner = await login(running.baseUrl, 'globex', 'boss', 'globex-boss-password');
    const otherAdmin = await createUserAndLogin(running.baseUrl, otherOwner, 'globex', 'gia', 'admin');

    const answers = await Promise.all(
      [otherOwner, otherAdmin].flatMap((caller) =>
        ['/api/v1/admin/plan', '/api/v1/admin/routing'].map((path) =>
          call(running.baseUrl, 'GET', path, { token: caller.tokens.accessToken }),
        ),
      ),
    );

    expect(answers.map((answer) => [answer.status, answer.body.error])).toEqual([
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
    ]);
  });

  it('should refuse members of the platform tenant and anonymous callers', async () => {
    const member = await createUserAndLogin(running.baseUrl, platformOwner, 'acme', 'mia', 'member');

    const asMember = await call(running.baseUrl, 'GET', '/api/v1/admin/plan', { token: member.tokens.accessToken });
    const anonymous = await call(running.baseUrl, 'GET', '/api/v1/admin/plan');

    expect([asMember.status, anonymous.status]).toEqual([403, 401]);
  });
});
