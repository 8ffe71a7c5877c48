import { EMPTY_CONTENT_SHA256, ForwardedIdentity, signIdentity } from '@switchyard/routing-gateway';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, createUserAndLogin, insertTenantWithOwner, login } from '../support/identity';
import { LegacyTwin, runTwinSelfTest, runTwinToExit } from '../support/legacy-twin';
import { freePort } from '../support/ports';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

const IDENTITY_SECRET = 'identity-secret-for-the-legacy-twin-suite-0123';
const LEGACY_TIMEOUT_MS = 1000;
// Creating a user hashes with scrypt at N=2^17: the twin's first (cold) hash takes about a second on a
// small machine, so the users rule must not share the short timeout the fault-injection test relies on.
const USERS_TIMEOUT_MS = 15_000;

const acmeOnly = (key: string) => ({
  key,
  enabled: true,
  tenants: { allow: ['acme'], deny: [] },
  spaces: { allow: [], deny: [] },
  percentage: 0,
  stickBy: 'tenant',
  salt: `${key}-v1`,
});

// Spaces of acme are served by Switchyard (feature on for acme only); every other tenant's go to the twin.
// Users of acme stay on Switchyard too: the twin does not serve them yet, and the role test creates users.
const rules = {
  default: 'legacy',
  features: [acmeOnly('spaces-api'), acmeOnly('users-api')],
  rules: [
    {
      match: { pathPrefix: '/api/v1/spaces', methods: ['GET', 'POST', 'PATCH', 'DELETE'] },
      feature: 'spaces-api',
      target: 'new',
      fallback: 'safe',
      timeoutMs: LEGACY_TIMEOUT_MS,
    },
    { match: { pathPrefix: '/api/v1/users' }, feature: 'users-api', target: 'new', fallback: 'off', timeoutMs: USERS_TIMEOUT_MS },
  ],
};

describe('legacy twin on the database Switchyard uses', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-twin-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let switchyard: RunningApp;
  let twin: LegacyTwin;
  let acme: Caller;
  let globex: Caller;
  let acmeOwner: ForwardedIdentity;
  let globexOwner: ForwardedIdentity;

  beforeAll(async () => {
    database = await createTestDatabase('twin');
    const rulesFile = join(directory, 'routing.json');
    writeFileSync(rulesFile, JSON.stringify(rules));
    // The twin's port is fixed before Switchyard starts: LEGACY_BASE_URL must name it.
    const twinPort = await freePort();
    switchyard = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:twin`,
      LEGACY_BASE_URL: `http://127.0.0.1:${twinPort}`,
      LEGACY_IDENTITY_SECRET: IDENTITY_SECRET,
      ROUTING_CONFIG: rulesFile,
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    // Started after Switchyard, which migrates the schema the twin reads.
    twin = await LegacyTwin.start({ databaseUrl: database.url, identitySecret: IDENTITY_SECRET, port: twinPort });
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    acme = await login(switchyard.baseUrl, 'acme', 'owner', 'acme-owner-password');
    globex = await login(switchyard.baseUrl, 'globex', 'boss', 'globex-boss-password');
    acmeOwner = await identityOf(acme);
    globexOwner = await identityOf(globex);
  });

  afterAll(async () => {
    await twin?.stop();
    await switchyard?.close();
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  afterEach(async () => {
    await twin.clearFaults();
  });

  /** Who a logged-in caller is, as Switchyard would put it in the identity headers. */
  async function identityOf(caller: Caller): Promise<ForwardedIdentity> {
    const me = await call(switchyard.baseUrl, 'GET', '/api/v1/auth/me', { token: caller.tokens.accessToken });
    if (me.status !== 200) throw new Error(`GET /auth/me failed: ${me.status} ${JSON.stringify(me.body)}`);
    return { tenantId: me.body.tenantId, userId: me.body.id, role: me.body.role };
  }

  describe('self-test', () => {
    it('should reproduce the worked example of docs/legacy-identity.md', async () => {
      const result = await runTwinSelfTest();

      expect(result.output).toContain('self-test passed');
      expect(result.code).toBe(0);
    });
  });

  describe('start-up', () => {
    it.each([
      ['DATABASE_URL', { LEGACY_IDENTITY_SECRET: IDENTITY_SECRET }],
      ['LEGACY_IDENTITY_SECRET', { DATABASE_URL: 'mysql://root@127.0.0.1:3306/unused' }],
    ])('should refuse to start with one line naming %s when it is missing', async (name, environment) => {
      const result = await runTwinToExit(environment);

      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(name)]);
    });
  });

  describe('identity', () => {
    it('should answer 401 in Switchyard error shape to a request without identity headers', async () => {
      const response = await twin.send('GET', '/api/v1/spaces', {});

      expect(response.status).toBe(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'MISSING_TOKEN', message: expect.any(String) });
    });

    it('should answer 401 to headers signed with another secret', async () => {
      const response = await twin.call('GET', '/api/v1/spaces', acmeOwner, { secret: 'not-the-secret-the-twin-shares-0123456789' });

      expect(response.status).toBe(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'INVALID_TOKEN', message: expect.any(String) });
    });

    it('should answer 401 when the query differs from the signed one', async () => {
      const signed = signIdentity(
        IDENTITY_SECRET,
        acmeOwner,
        { method: 'GET', target: '/api/v1/spaces?limit=5', contentSha256: EMPTY_CONTENT_SHA256 },
        Date.now(),
      );

      const response = await twin.send('GET', '/api/v1/spaces?limit=6', signed);

      expect(response.status).toBe(401);
      expect(response.body.error).toBe('INVALID_TOKEN');
    });
  });

  describe('spaces on one database', () => {
    it('should read a space created through Switchyard with the JSON Switchyard answers', async () => {
      const created = await call(switchyard.baseUrl, 'POST', '/api/v1/spaces', {
        token: acme.tokens.accessToken,
        body: { name: 'Made by Switchyard', description: 'new side' },
      });

      const throughSwitchyard = await call(switchyard.baseUrl, 'GET', `/api/v1/spaces/${created.body.id}`, {
        token: acme.tokens.accessToken,
      });
      const throughTwin = await twin.call('GET', `/api/v1/spaces/${created.body.id}`, acmeOwner);
      expect(created.status).toBe(201);
      expect(throughSwitchyard.headers.get('x-served-by')).not.toBe('legacy');
      expect(throughTwin.status).toBe(200);
      expect(throughTwin.body).toEqual(throughSwitchyard.body);
      expect(throughTwin.body).toEqual(created.body);
    });

    it('should list the same page, cursor and total as Switchyard', async () => {
      for (const name of ['Page one', 'Page two', 'Page three'])
        await call(switchyard.baseUrl, 'POST', '/api/v1/spaces', { token: acme.tokens.accessToken, body: { name } });

      const first = await call(switchyard.baseUrl, 'GET', '/api/v1/spaces?limit=2', { token: acme.tokens.accessToken });
      const firstAtTwin = await twin.call('GET', '/api/v1/spaces?limit=2', acmeOwner);
      const next = `/api/v1/spaces?limit=2&cursor=${first.body.nextCursor}`;
      const second = await call(switchyard.baseUrl, 'GET', next, { token: acme.tokens.accessToken });
      const secondAtTwin = await twin.call('GET', next, acmeOwner);

      expect(firstAtTwin.body).toEqual(first.body);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      expect(secondAtTwin.body).toEqual(second.body);
    });

    it('should serve through Switchyard a space created through the twin, equal', async () => {
      const created = await twin.call('POST', '/api/v1/spaces', acmeOwner, {
        body: { name: 'Made by the twin', description: 'legacy side' },
      });

      const throughSwitchyard = await call(switchyard.baseUrl, 'GET', `/api/v1/spaces/${created.body.id}`, {
        token: acme.tokens.accessToken,
      });
      expect(created.status).toBe(201);
      expect(throughSwitchyard.status).toBe(200);
      expect(throughSwitchyard.body).toEqual(created.body);
    });

    it('should answer a taken name and a bad body with the status, code and details Switchyard answers', async () => {
      const name = 'Taken on both sides';
      await call(switchyard.baseUrl, 'POST', '/api/v1/spaces', { token: acme.tokens.accessToken, body: { name } });

      const takenAtSwitchyard = await call(switchyard.baseUrl, 'POST', '/api/v1/spaces', {
        token: acme.tokens.accessToken,
        body: { name },
      });
      const takenAtTwin = await twin.call('POST', '/api/v1/spaces', acmeOwner, { body: { name } });
      const badAtSwitchyard = await call(switchyard.baseUrl, 'POST', '/api/v1/spaces', {
        token: acme.tokens.accessToken,
        body: { name: ' x', extra: 1 },
      });
      const badAtTwin = await twin.call('POST', '/api/v1/spaces', acmeOwner, { body: { name: ' x', extra: 1 } });
      expect(takenAtSwitchyard.status).toBe(409);
      expect(takenAtTwin.body).toEqual(takenAtSwitchyard.body);
      expect(badAtSwitchyard.status).toBe(400);
      expect(badAtTwin.body).toEqual(badAtSwitchyard.body);
    });

    it('should take a space created through Switchyard proxied to the twin for a tenant not on the new side', async () => {
      const created = await call(switchyard.baseUrl, 'POST', '/api/v1/spaces', {
        token: globex.tokens.accessToken,
        body: { name: 'Globex via legacy' },
      });

      const atTwin = await twin.call('GET', `/api/v1/spaces/${created.body.id}`, globexOwner);
      expect(created.status).toBe(201);
      expect(created.headers.get('x-served-by')).toBe('legacy');
      expect(created.body).toMatchObject({ tenantId: globexOwner.tenantId, createdBy: globexOwner.userId, name: 'Globex via legacy' });
      expect(atTwin.body).toEqual(created.body);
    });

    it("should answer 404 for another tenant's space, as Switchyard does", async () => {
      const globexSpace = await twin.call('POST', '/api/v1/spaces', globexOwner, { body: { name: 'Globex secret' } });

      const atTwin = await twin.call('GET', `/api/v1/spaces/${globexSpace.body.id}`, acmeOwner);
      const atSwitchyard = await call(switchyard.baseUrl, 'GET', `/api/v1/spaces/${globexSpace.body.id}`, {
        token: acme.tokens.accessToken,
      });
      expect(globexSpace.status).toBe(201);
      expect(atTwin.status).toBe(404);
      expect(atTwin.body).toEqual({ statusCode: 404, error: 'SPACE_NOT_FOUND', message: `Space ${globexSpace.body.id} not found` });
      expect(atTwin.body).toEqual(atSwitchyard.body);
    });

    it('should update and delete through the twin what Switchyard then reads', async () => {
      const created = await twin.call('POST', '/api/v1/spaces', acmeOwner, { body: { name: 'To change' } });

      const updated = await twin.call('PATCH', `/api/v1/spaces/${created.body.id}`, acmeOwner, {
        body: { description: 'changed by the twin' },
      });
      const deleted = await twin.call('DELETE', `/api/v1/spaces/${created.body.id}`, acmeOwner);
      const afterDelete = await call(switchyard.baseUrl, 'GET', `/api/v1/spaces/${created.body.id}`, { token: acme.tokens.accessToken });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ id: created.body.id, name: 'To change', description: 'changed by the twin' });
      expect(deleted.status).toBe(204);
      expect(afterDelete.status).toBe(404);
    });
  });

  describe('roles', () => {
    it('should refuse a viewer, hide an unshared space from a member and let a member see only its spaces, as Switchyard does', async () => {
      const viewer = await createUserAndLogin(switchyard.baseUrl, acme, 'acme', 'vera', 'viewer');
      const member = await createUserAndLogin(switchyard.baseUrl, acme, 'acme', 'mike', 'member');
      const viewerIdentity = await identityOf(viewer);
      const memberIdentity = await identityOf(member);
      const unshared = await call(switchyard.baseUrl, 'POST', '/api/v1/spaces', {
        token: acme.tokens.accessToken,
        body: { name: 'Owners only' },
      });
      const own = await call(switchyard.baseUrl, 'POST', '/api/v1/spaces', { token: member.tokens.accessToken, body: { name: "Mike's" } });

      const pairs = [
        [
          await call(switchyard.baseUrl, 'POST', '/api/v1/spaces', { token: viewer.tokens.accessToken, body: { name: 'Not allowed' } }),
          await twin.call('POST', '/api/v1/spaces', viewerIdentity, { body: { name: 'Not allowed' } }),
        ],
        [
          await call(switchyard.baseUrl, 'GET', `/api/v1/spaces/${unshared.body.id}`, { token: member.tokens.accessToken }),
          await twin.call('GET', `/api/v1/spaces/${unshared.body.id}`, memberIdentity),
        ],
        [
          await call(switchyard.baseUrl, 'GET', '/api/v1/spaces', { token: member.tokens.accessToken }),
          await twin.call('GET', '/api/v1/spaces', memberIdentity),
        ],
      ];
      expect(pairs.map(([atSwitchyard]) => atSwitchyard.status)).toEqual([403, 404, 200]);
      for (const [atSwitchyard, atTwin] of pairs) {
        expect(atTwin.status).toBe(atSwitchyard.status);
        expect(atTwin.body).toEqual(atSwitchyard.body);
      }
      expect(pairs[2][1].body).toMatchObject({ items: [{ id: own.body.id }], total: 1 });
    });
  });

  describe('members', () => {
    it('should give a member access through the twin that Switchyard then honours, and answer bad input as Switchyard does', async () => {
      const member = await createUserAndLogin(switchyard.baseUrl, acme, 'acme', 'mona', 'member');
      const space = await call(switchyard.baseUrl, 'POST', '/api/v1/spaces', {
        token: acme.tokens.accessToken,
        body: { name: 'Shared by the twin' },
      });
      const target = `/api/v1/spaces/${space.body.id}/members/${member.id}`;

      const added = await twin.call('PUT', target, acmeOwner, { body: { role: 'viewer' } });
      const readByMember = await call(switchyard.baseUrl, 'GET', `/api/v1/spaces/${space.body.id}`, { token: member.tokens.accessToken });
      const badInput = [
        { path: target, body: { role: 'boss' } },
        { path: `/api/v1/spaces/not-a-uuid/members/${member.id}`, body: { role: 'viewer' } },
        { path: `/api/v1/spaces/${space.body.id}/members/${acmeOwner.tenantId}`, body: { role: 'viewer' } },
      ];
      expect(added.status).toBe(200);
      expect(added.body).toEqual({ spaceId: space.body.id, userId: member.id, role: 'viewer' });
      expect(readByMember.status).toBe(200);
      expect(readByMember.body).toEqual(space.body);
      for (const { path, body } of badInput) {
        const atSwitchyard = await call(switchyard.baseUrl, 'PUT', path, { token: acme.tokens.accessToken, body });
        const atTwin = await twin.call('PUT', path, acmeOwner, { body });
        expect([path, atTwin.status, atTwin.body]).toEqual([path, atSwitchyard.status, atSwitchyard.body]);
      }
    });
  });

  describe('users', () => {
    it('should create a user through the twin (proxied by Switchyard) who then logs in to Switchyard', async () => {
      const created = await call(switchyard.baseUrl, 'POST', '/api/v1/users', {
        token: globex.tokens.accessToken,
        body: { username: 'gina', password: 'gina-päss-wörd-123', role: 'member' },
      });

      const gina = await login(switchyard.baseUrl, 'globex', 'gina', 'gina-päss-wörd-123');
      const me = await call(switchyard.baseUrl, 'GET', '/api/v1/auth/me', { token: gina.tokens.accessToken });
      expect(created.status).toBe(201);
      expect(created.headers.get('x-served-by')).toBe('legacy');
      expect(me.body).toEqual({ id: created.body.id, username: 'gina', tenantId: globexOwner.tenantId, role: 'member' });
    });

    it('should list users and answer bad input and roles as Switchyard does', async () => {
      const member = await createUserAndLogin(switchyard.baseUrl, acme, 'acme', 'milo', 'member');
      const memberIdentity = await identityOf(member);
      const cases: Array<{ caller: Caller; identity: ForwardedIdentity; method: string; path: string; body?: unknown }> = [
        { caller: acme, identity: acmeOwner, method: 'GET', path: '/api/v1/users?limit=1' },
        { caller: acme, identity: acmeOwner, method: 'GET', path: '/api/v1/users?limit=0&page=2' },
        {
          caller: acme,
          identity: acmeOwner,
          method: 'POST',
          path: '/api/v1/users',
          body: { username: 'x', password: 'short', role: 'boss' },
        },
        {
          caller: acme,
          identity: acmeOwner,
          method: 'POST',
          path: '/api/v1/users',
          body: { username: 'milo', password: 'long-enough-password', role: 'viewer' },
        },
        { caller: member, identity: memberIdentity, method: 'POST', path: '/api/v1/users', body: { username: 'nope' } },
      ];

      for (const { caller, identity, method, path, body } of cases) {
        const atSwitchyard = await call(switchyard.baseUrl, method, path, { token: caller.tokens.accessToken, body });
        const atTwin = await twin.call(method, path, identity, { body });
        expect([path, atTwin.status, atTwin.body]).toEqual([path, atSwitchyard.status, atSwitchyard.body]);
      }
    });
  });

  describe('fault injection', () => {
    it("should make Switchyard's legacy timeout visible when the twin answers late", async () => {
      await twin.injectFault({ delayMs: LEGACY_TIMEOUT_MS * 3 });

      const late = await call(switchyard.baseUrl, 'GET', '/api/v1/spaces', { token: globex.tokens.accessToken });
      await twin.clearFaults();
      const recovered = await call(switchyard.baseUrl, 'GET', '/api/v1/spaces', { token: globex.tokens.accessToken });
      expect(late.status).toBe(504);
      expect(late.body).toMatchObject({ statusCode: 504, error: 'LEGACY_TIMEOUT' });
      expect(recovered.status).toBe(200);
    });
  });
});
