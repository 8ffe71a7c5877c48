import { createSigner } from 'fast-jwt';
import { randomUUID } from 'node:crypto';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, createUserAndLogin, insertTenantWithOwner, login } from '../support/identity';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

const SECRET = 'session-binding-secret-that-is-long-enough-0123';

/** Claims of an access token, as anyone can read them (a JWT is only signed, not encrypted). */
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, string>;

/** A correctly signed token: what an insider or a leaked signing key could mint. The session must still refuse it. */
const mint = (claims: Record<string, unknown>) =>
  createSigner({ key: SECRET, iss: 'switchyard', aud: 'switchyard-api', expiresIn: 600_000 })(claims);

describe('access tokens bound to their session (two nodes, MariaDB + Redis)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let nodeA: RunningApp;
  let nodeB: RunningApp;
  let owner: Caller;

  beforeAll(async () => {
    database = await createTestDatabase('sessions');
    const environment = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:sessions`,
      JWT_SECRET: SECRET,
      // Long enough that only the event bus can explain another node refusing a token at once.
      SESSION_CHECK_CACHE_MS: '30000',
      LOGIN_THROTTLE_IP_LIMIT: '1000',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    };
    nodeA = await startApp(environment);
    nodeB = await startApp(environment);
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    owner = await login(nodeA.baseUrl, 'acme', 'owner', 'acme-owner-password');
  });

  afterAll(async () => {
    await Promise.all([nodeA.close(), nodeB.close()]);
    await database.drop();
  });

  const me = (node: RunningApp, token: string) => call(node.baseUrl, 'GET', '/api/v1/auth/me', { token });

  it('should refuse a signed token that carries a live session with another user, tenant or role', async () => {
    const member = await createUserAndLogin(nodeA.baseUrl, owner, 'acme', 'mallory', 'member');
    const globex = await login(nodeA.baseUrl, 'globex', 'boss', 'globex-boss-password');
    const claims = claimsOf(member.tokens.accessToken);
    const base = { sub: claims.sub, tid: claims.tid, sid: claims.sid, role: claims.role, name: claims.name };

    const answers = await Promise.all(
      [
        { ...base, role: 'owner' },
        { ...base, sub: claimsOf(owner.tokens.accessToken).sub },
        { ...base, tid: claimsOf(globex.tokens.accessToken).tid },
        { ...base, sid: randomUUID() },
      ].map((forged) => me(nodeA, mint(forged))),
    );

    expect(answers.map((answer) => [answer.status, answer.body.error])).toEqual([
      [401, 'INVALID_TOKEN'],
      [401, 'INVALID_TOKEN'],
      [401, 'INVALID_TOKEN'],
      [401, 'SESSION_REVOKED'],
    ]);
    expect((await me(nodeA, member.tokens.accessToken)).status).toBe(200);
  });

  it('should refuse a signed token of a live session without exp or iat, issued in the future, or living longer than JWT_ACCESS_TTL_SECONDS', async () => {
    const member = await createUserAndLogin(nodeA.baseUrl, owner, 'acme', 'tim', 'member');
    const claims = claimsOf(member.tokens.accessToken);
    const base = { sub: claims.sub, tid: claims.tid, sid: claims.sid, role: claims.role, name: claims.name };
    const now = Math.floor(Date.now() / 1000);
    const signer = (options: Record<string, unknown>) =>
      createSigner({ key: SECRET, iss: 'switchyard', aud: 'switchyard-api', ...options });

    const answers = await Promise.all(
      [
        signer({})(base),
        signer({ noTimestamp: true, expiresIn: 600_000 })(base),
        signer({})({ ...base, exp: now + 10 * 365 * 86_400 }),
        signer({})({ ...base, iat: now + 86_400, exp: now + 86_400 + 600 }),
      ].map((token) => me(nodeB, token)),
    );

    expect(answers.map((answer) => [answer.status, answer.body.error])).toEqual([
      [401, 'INVALID_TOKEN'],
      [401, 'INVALID_TOKEN'],
      [401, 'INVALID_TOKEN'],
      [401, 'INVALID_TOKEN'],
    ]);
    expect((await me(nodeB, member.tokens.accessToken)).status).toBe(200);
  });

  it("should take a demoted admin's rights away at once on every node, and issue the new role on refresh", async () => {
    const admin = await createUserAndLogin(nodeA.baseUrl, owner, 'acme', 'adam', 'admin');
    expect((await me(nodeB, admin.tokens.accessToken)).status).toBe(200);

    const demoted = await call(nodeA.baseUrl, 'PATCH', `/api/v1/users/${admin.id}`, {
      token: owner.tokens.accessToken,
      body: { role: 'viewer' },
    });
    const onB = await me(nodeB, admin.tokens.accessToken);
    const refreshed = await call(nodeB.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: admin.tokens.refreshToken } });
    const createUser = await call(nodeB.baseUrl, 'POST', '/api/v1/users', {
      token: refreshed.body.accessToken,
      body: { username: 'sneaky', password: 'sneaky-password-123', role: 'admin' },
    });

    expect(demoted).toMatchObject({ status: 200, body: { role: 'viewer' } });
    expect(onB).toMatchObject({ status: 401, body: { error: 'INVALID_TOKEN' } });
    expect(claimsOf(refreshed.body.accessToken).role).toBe('viewer');
    expect(createUser).toMatchObject({ status: 403, body: { error: 'FORBIDDEN' } });
  });

  it("should end every session of a user on an admin's request, on every node", async () => {
    const bob = await createUserAndLogin(nodeA.baseUrl, owner, 'acme', 'bob', 'member');
    const bobElsewhere = await login(nodeB.baseUrl, 'acme', 'bob', 'bob-password-123');
    expect((await me(nodeB, bob.tokens.accessToken)).status).toBe(200);

    const ended = await call(nodeA.baseUrl, 'DELETE', `/api/v1/users/${bob.id}/sessions`, { token: owner.tokens.accessToken });
    const answers = await Promise.all([me(nodeB, bob.tokens.accessToken), me(nodeB, bobElsewhere.tokens.accessToken)]);
    const refresh = await call(nodeB.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: bob.tokens.refreshToken } });

    expect(ended.status).toBe(204);
    expect(answers.map((answer) => answer.body.error)).toEqual(['SESSION_REVOKED', 'SESSION_REVOKED']);
    expect(refresh.status).toBe(401);
  });

  it("should refuse ending another user's sessions to a member, and another tenant's user to anyone", async () => {
    const carol = await createUserAndLogin(nodeA.baseUrl, owner, 'acme', 'carol', 'member');
    const globex = await login(nodeA.baseUrl, 'globex', 'boss', 'globex-boss-password');

    const byMember = await call(nodeA.baseUrl, 'DELETE', `/api/v1/users/${claimsOf(owner.tokens.accessToken).sub}/sessions`, {
      token: carol.tokens.accessToken,
    });
    const crossTenant = await call(nodeA.baseUrl, 'DELETE', `/api/v1/users/${carol.id}/sessions`, { token: globex.tokens.accessToken });

    expect(byMember).toMatchObject({ status: 403, body: { error: 'FORBIDDEN' } });
    expect(crossTenant).toMatchObject({ status: 404, body: { error: 'USER_NOT_FOUND' } });
    expect((await me(nodeA, carol.tokens.accessToken)).status).toBe(200);
  });

  it('should end the other sessions of an account whose password changes, and keep the one that changed it', async () => {
    const dave = await createUserAndLogin(nodeA.baseUrl, owner, 'acme', 'dave', 'member');
    const stolen = await login(nodeB.baseUrl, 'acme', 'dave', 'dave-password-123');

    const wrong = await call(nodeA.baseUrl, 'POST', '/api/v1/auth/password', {
      token: dave.tokens.accessToken,
      body: { currentPassword: 'not-it-at-all', newPassword: 'dave-new-password-456' },
    });
    const changed = await call(nodeA.baseUrl, 'POST', '/api/v1/auth/password', {
      token: dave.tokens.accessToken,
      body: { currentPassword: 'dave-password-123', newPassword: 'dave-new-password-456' },
    });
    const oldLogin = await call(nodeB.baseUrl, 'POST', '/api/v1/auth/login', {
      body: { tenant: 'acme', username: 'dave', password: 'dave-password-123' },
    });

    expect(wrong).toMatchObject({ status: 400, body: { details: [{ field: 'currentPassword' }] } });
    expect(changed.status).toBe(204);
    expect((await me(nodeB, stolen.tokens.accessToken)).body.error).toBe('SESSION_REVOKED');
    expect((await me(nodeA, dave.tokens.accessToken)).status).toBe(200);
    expect(oldLogin.status).toBe(401);
    expect((await login(nodeB.baseUrl, 'acme', 'dave', 'dave-new-password-456')).tokens.accessToken).toBeDefined();
  });
});
