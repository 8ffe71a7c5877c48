import { createSigner } from 'fast-jwt';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, createUserAndLogin, insertTenantWithOwner, login } from '../support/identity';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

const SECRET = 'e2e-secret-that-is-long-enough-for-hs256-signing';

describe('identity and tenancy on MariaDB + Redis', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let running: RunningApp;
  let owner: Caller;
  let otherTenantOwner: Caller;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('identity');
    running = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:identity`,
      JWT_SECRET: SECRET,
      REFRESH_GRACE_MS: '0',
      LOGIN_THROTTLE_USER_LIMIT: '5',
      LOGIN_THROTTLE_IP_LIMIT: '1000',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    url = running.baseUrl;
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    owner = await login(url, 'acme', 'owner', 'acme-owner-password');
    otherTenantOwner = await login(url, 'globex', 'boss', 'globex-boss-password');
  });

  afterAll(async () => {
    await running.close();
    await database.drop();
  });

  describe('login', () => {
    it('should return a bearer pair and identify the caller', async () => {
      const me = await call(url, 'GET', '/api/v1/auth/me', { token: owner.tokens.accessToken });

      expect(owner.tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ id: expect.any(String), username: 'owner', tenantId: expect.any(String), role: 'owner' });
    });

    it.each([
      ['a wrong password', { tenant: 'acme', username: 'owner', password: 'wrong-password' }],
      ['an unknown user', { tenant: 'acme', username: 'nobody', password: 'acme-owner-password' }],
      ['an unknown tenant', { tenant: 'initech', username: 'owner', password: 'acme-owner-password' }],
    ])('should answer %s with the same 401', async (_case, body) => {
      const response = await call(url, 'POST', '/api/v1/auth/login', { body });

      expect(response.status).toBe(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'INVALID_CREDENTIALS', message: 'Invalid tenant, username or password' });
    });

    it('should name missing fields', async () => {
      const response = await call(url, 'POST', '/api/v1/auth/login', { body: { tenant: 'acme' } });

      expect(response.status).toBe(400);
      expect([...new Set(response.body.details.map((detail: { field: string }) => detail.field))].sort()).toEqual(['password', 'username']);
    });

    it('should throttle repeated attempts on one username with 429 and Retry-After', async () => {
      const attempt = () => call(url, 'POST', '/api/v1/auth/login', { body: { tenant: 'acme', username: 'target', password: 'guess' } });

      const statuses = [];
      for (let index = 0; index < 6; index += 1) statuses.push((await attempt()).status);
      const throttled = await attempt();

      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(throttled.status).toBe(429);
      expect(throttled.body.error).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  describe('tokens', () => {
    it('should rotate refresh tokens and revoke the session when a spent one is replayed', async () => {
      const session = await login(url, 'acme', 'owner', 'acme-owner-password');
      const rotated = await call(url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: session.tokens.refreshToken } });

      const replay = await call(url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: session.tokens.refreshToken } });
      const newestAccess = await call(url, 'GET', '/api/v1/auth/me', { token: rotated.body.accessToken });
      const newestRefresh = await call(url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } });

      expect(rotated.status).toBe(200);
      expect(rotated.body.refreshToken).not.toEqual(session.tokens.refreshToken);
      expect(replay).toMatchObject({ status: 401, body: { error: 'REFRESH_TOKEN_REUSED' } });
      expect(newestAccess).toMatchObject({ status: 401, body: { error: 'SESSION_REVOKED' } });
      expect(newestRefresh.status).toBe(401);
    });

    it('should refuse the access token of a session after logout', async () => {
      const session = await login(url, 'acme', 'owner', 'acme-owner-password');

      const logout = await call(url, 'POST', '/api/v1/auth/logout', { token: session.tokens.accessToken });
      const after = await call(url, 'GET', '/api/v1/auth/me', { token: session.tokens.accessToken });

      expect(logout.status).toBe(204);
      expect(after).toMatchObject({ status: 401, body: { error: 'SESSION_REVOKED' } });
    });

    it('should refuse a missing, expired, tampered, foreign-key, other-algorithm, alg:none, wrong-issuer, wrong-audience and non-expiring token', async () => {
      const claims = JSON.parse(Buffer.from(owner.tokens.accessToken.split('.')[1]!, 'base64url').toString());
      const base = { sub: claims.sub, tid: claims.tid, sid: claims.sid, role: claims.role, name: claims.name };
      const pinned = { key: SECRET, iss: 'switchyard', aud: 'switchyard-api' };
      const expired = createSigner(pinned)({ ...base, exp: Math.floor(Date.now() / 1000) - 60 });
      const foreign = createSigner({ ...pinned, key: 'another-secret-that-is-also-32-bytes-long', expiresIn: 600_000 })(base);
      const otherAlgorithm = createSigner({ ...pinned, algorithm: 'HS512', expiresIn: 600_000 })(base);
      const wrongIssuer = createSigner({ ...pinned, iss: 'someone-else', expiresIn: 600_000 })(base);
      const wrongAudience = createSigner({ ...pinned, aud: 'another-api', expiresIn: 600_000 })(base);
      const neverExpires = createSigner(pinned)(base);
      const [header, , signature] = owner.tokens.accessToken.split('.');
      const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'owner', tid: randomUUID() })).toString('base64url')}.${signature}`;
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

      const answers = await Promise.all(
        [undefined, expired, tampered, foreign, otherAlgorithm, none, wrongIssuer, wrongAudience, neverExpires].map((token) =>
          call(url, 'GET', '/api/v1/auth/me', { token }),
        ),
      );

      expect(answers.map((answer) => [answer.status, answer.body.error])).toEqual([
        [401, 'MISSING_TOKEN'],
        [401, 'INVALID_TOKEN'],
        [401, 'INVALID_TOKEN'],
        [401, 'INVALID_TOKEN'],
        [401, 'INVALID_TOKEN'],
        [401, 'INVALID_TOKEN'],
        [401, 'INVALID_TOKEN'],
        [401, 'INVALID_TOKEN'],
        [401, 'INVALID_TOKEN'],
      ]);
      expect(answers[1]!.body.message).toBe('Access token has expired');
    });
  });

  describe('tenant isolation', () => {
    it('should answer 404 to every read, update and delete of another tenant space', async () => {
      const space = await call(url, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Acme secrets' } });
      const token = otherTenantOwner.tokens.accessToken;

      const answers = await Promise.all([
        call(url, 'GET', `/api/v1/spaces/${space.body.id}`, { token }),
        call(url, 'PATCH', `/api/v1/spaces/${space.body.id}`, { token, body: { name: 'pwned' } }),
        call(url, 'DELETE', `/api/v1/spaces/${space.body.id}`, { token }),
        call(url, 'PUT', `/api/v1/spaces/${space.body.id}/members/${randomUUID()}`, { token, body: { role: 'owner' } }),
      ]);
      const list = await call(url, 'GET', '/api/v1/spaces', { token });

      expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
      expect(answers[0]!.body).toEqual({ statusCode: 404, error: 'SPACE_NOT_FOUND', message: `Space ${space.body.id} not found` });
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(space.body.id);
      expect((await call(url, 'GET', `/api/v1/spaces/${space.body.id}`, { token: owner.tokens.accessToken })).status).toBe(200);
    });

    it('should keep users to their tenant: lists and memberships never cross', async () => {
      const space = await call(url, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Members only' } });
      const foreignUser = await call(url, 'GET', '/api/v1/users', { token: otherTenantOwner.tokens.accessToken });
      const foreignId = foreignUser.body.items[0].id;

      const ownList = await call(url, 'GET', '/api/v1/users', { token: owner.tokens.accessToken });
      const addForeign = await call(url, 'PUT', `/api/v1/spaces/${space.body.id}/members/${foreignId}`, {
        token: owner.tokens.accessToken,
        body: { role: 'member' },
      });

      expect(ownList.body.items.map((user: { username: string }) => user.username)).not.toContain('boss');
      expect(addForeign).toMatchObject({ status: 404, body: { error: 'USER_NOT_FOUND' } });
    });
  });

  describe('roles', () => {
    it('should let a tenant viewer read its spaces but not create one, and a space viewer not change one', async () => {
      const viewer = await createUserAndLogin(url, owner, 'acme', 'vera', 'viewer');
      const member = await createUserAndLogin(url, owner, 'acme', 'max', 'member');
      const space = await call(url, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Shared' } });
      await call(url, 'PUT', `/api/v1/spaces/${space.body.id}/members/${viewer.id}`, {
        token: owner.tokens.accessToken,
        body: { role: 'viewer' },
      });

      const create = await call(url, 'POST', '/api/v1/spaces', { token: viewer.tokens.accessToken, body: { name: 'Mine' } });
      const read = await call(url, 'GET', `/api/v1/spaces/${space.body.id}`, { token: viewer.tokens.accessToken });
      const patch = await call(url, 'PATCH', `/api/v1/spaces/${space.body.id}`, {
        token: viewer.tokens.accessToken,
        body: { name: 'Renamed' },
      });
      const outsider = await call(url, 'GET', `/api/v1/spaces/${space.body.id}`, { token: member.tokens.accessToken });
      const createUser = await call(url, 'POST', '/api/v1/users', {
        token: member.tokens.accessToken,
        body: { username: 'eve', password: 'eve-password-123', role: 'admin' },
      });

      expect([create.status, read.status, patch.status, outsider.status, createUser.status]).toEqual([403, 200, 403, 404, 403]);
    });
  });

  describe('updates', () => {
    it('should leave a space untouched, updatedAt included, on a PATCH without fields', async () => {
      const space = await call(url, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Left alone' } });

      const patched = await call(url, 'PATCH', `/api/v1/spaces/${space.body.id}`, { token: owner.tokens.accessToken, body: {} });

      expect(patched.status).toBe(200);
      expect(patched.body).toEqual(space.body);
    });
  });

  describe('pagination', () => {
    it('should page users deterministically without repeats and refuse a limit over 100', async () => {
      for (const name of ['p1', 'p2', 'p3'])
        await call(url, 'POST', '/api/v1/users', {
          token: owner.tokens.accessToken,
          body: { username: `page-${name}`, password: 'paging-password-1', role: 'member' },
        });

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await call(
          url,
          'GET',
          `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: owner.tokens.accessToken },
        );
        seen.push(...page.body.items.map((item) => item.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const all = await call(url, 'GET', '/api/v1/users?limit=100', { token: owner.tokens.accessToken });
      const tooMany = await call(url, 'GET', '/api/v1/users?limit=101', { token: owner.tokens.accessToken });

      expect(seen).toEqual(all.body.items.map((item: { id: string }) => item.id));
      expect(all.body.total).toBe(seen.length);
      expect(new Set(seen).size).toBe(seen.length);
      expect(tooMany).toMatchObject({ status: 400, body: { details: [{ field: 'limit', reason: 'limit must not be greater than 100' }] } });
    });
  });

  describe('cache', () => {
    it('should read a space through the cache and invalidate it on update', async () => {
      const space = await call(url, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Cached' } });
      const get = () => call(url, 'GET', `/api/v1/spaces/${space.body.id}`, { token: owner.tokens.accessToken });

      const first = await get();
      const second = await get();
      await call(url, 'PATCH', `/api/v1/spaces/${space.body.id}`, { token: owner.tokens.accessToken, body: { name: 'Cached v2' } });
      const third = await get();

      expect([first.headers.get('x-cache'), second.headers.get('x-cache'), third.headers.get('x-cache')]).toEqual(['MISS', 'HIT', 'MISS']);
      expect(third.body.name).toBe('Cached v2');
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^switchyard_cache_reads_total\{result="hit"\} [1-9]\d*$/m);
      expect(metrics).toMatch(/^switchyard_cache_reads_total\{result="miss"\} [1-9]\d*$/m);
    });

    it('should keep one cached copy of a space whatever the case of its id, so a change evicts every spelling', async () => {
      const space = await call(url, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Spelled twice' } });
      const upper = `/api/v1/spaces/${(space.body.id as string).toUpperCase()}`;
      const readUpper = () => call(url, 'GET', upper, { token: owner.tokens.accessToken });

      const first = await readUpper();
      const lower = await call(url, 'GET', `/api/v1/spaces/${space.body.id}`, { token: owner.tokens.accessToken });
      await call(url, 'PATCH', `/api/v1/spaces/${space.body.id}`, { token: owner.tokens.accessToken, body: { description: 'changed' } });
      const afterChange = await readUpper();

      expect([first.status, first.headers.get('x-cache'), lower.headers.get('x-cache')]).toEqual([200, 'MISS', 'HIT']);
      expect(afterChange.body).toMatchObject({ id: space.body.id, description: 'changed' });
    });

    it('should keep sessions and cache entries under the configured Redis prefix', async () => {
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${runId()}:identity:*`);
      redis.disconnect();

      expect(keys.some((key) => key.startsWith(`${runId()}:identity:session:`))).toBe(true);
      expect(keys.some((key) => key.startsWith(`${runId()}:identity:cache:`))).toBe(true);
    });
  });
});
