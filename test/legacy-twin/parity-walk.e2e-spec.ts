import { CacheStore } from '@switchyard/cache';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForwardedIdentity, IgnoreMatcher, JsonDifference, contentSha256Of, diffJson, signIdentity } from '@switchyard/routing-gateway';
import { SpaceAccessService } from '@switchyard/tenancy';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, createUserAndLogin, insertTenantWithOwner, insertUser, login } from '../support/identity';
import { LegacyTwin } from '../support/legacy-twin';
import { eventually } from '../support/poll';
import { TEST_REDIS_URL, runId } from '../support/test-environment';
import { ALLOWED_DIFFERENCES, AllowedDifference } from './parity/allowed-differences';
import { Actor, LENIENT_DATE_CURSOR, Memory, ROUTES, Side, Step, World, walkSteps } from './parity/walk-steps';

// The contract parity walk (Plan task SWY-132): every spaces and users route, good and bad input,
// several tenants and roles, sent to Switchyard (bearer token) and to the legacy twin (signed identity
// headers) on one database, each answer pair compared by the shadow comparison (diffJson) of the routing
// gateway. Differences must be listed in ./parity/allowed-differences.ts (docs/parity-differences.md).
//
// Design: requests go to each backend directly, not through Switchyard's gateway, so each answer is one
// backend's own (a gateway in between would add its own 401s, fallbacks and headers to one side only),
// exactly as the legacy-twin e2e does. Both sides share one world (one database, seeded once through
// Switchyard): reads and refusals go to both as they are and compare with nothing ignored; idempotent
// writes go to both too (the second side finds what the first left and answers alike; only a
// PATCH's own updatedAt is ignored); writes that cannot be repeated are paired, each side making its own
// with inputs differing only in a name, then both sides read both. Which side goes first alternates.

const IDENTITY_SECRET = 'identity-secret-for-the-parity-walk-suite-0123';
const FORGED_SECRET = 'a-secret-the-twin-does-not-share-0123456789';

/** What the walk compares of an answer: its status, its content type and its body. */
interface Answer {
  status: number;
  contentType: string | null;
  body: unknown;
}

interface Outcome {
  step: Step;
  switchyard: Answer;
  twin: Answer;
  differences: JsonDifference[];
}

const matchers = new Map(ALLOWED_DIFFERENCES.map((allowed) => [allowed, IgnoreMatcher.compile([allowed.path])]));

/** Whether the library's ignore matcher, compiled from an allowed difference's pattern, covers a JSON pointer. */
function covers(allowed: AllowedDifference, pointer: string): boolean {
  const matcher = matchers.get(allowed)!;
  let state = matcher.initial();
  for (const segment of pointer.split('/').slice(1)) {
    if (matcher.isIgnored(state)) return true;
    state = matcher.advance(state, segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return matcher.isIgnored(state);
}

function allowanceFor(outcome: Outcome, difference: JsonDifference): AllowedDifference | undefined {
  return ALLOWED_DIFFERENCES.find(
    (allowed) =>
      (allowed.route === '*' || allowed.route === outcome.step.route) &&
      (allowed.status === undefined || allowed.status === outcome.switchyard.status) &&
      (allowed.step === undefined || allowed.step === outcome.step.name) &&
      covers(allowed, difference.path),
  );
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  if (!text) return { status: response.status, contentType, body: undefined };
  try {
    return { status: response.status, contentType, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, contentType, body: text };
  }
}

describe('contract parity walk: Switchyard and the legacy twin on one database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let switchyard: RunningApp;
  let twin: LegacyTwin;
  const callers = new Map<Actor, { caller: Caller; identity: ForwardedIdentity }>();
  let world: World;
  let outcomes: Outcome[] = [];

  async function identityOf(caller: Caller): Promise<ForwardedIdentity> {
    const me = await call(switchyard.baseUrl, 'GET', '/api/v1/auth/me', { token: caller.tokens.accessToken });
    if (me.status !== 200) throw new Error(`GET /auth/me failed: ${me.status} ${JSON.stringify(me.body)}`);
    return { tenantId: me.body.tenantId, userId: me.body.id, role: me.body.role };
  }

  async function as(actor: Actor, caller: Caller): Promise<void> {
    callers.set(actor, { caller, identity: await identityOf(caller) });
  }

  function tokenOf(actor: Actor): string {
    return callers.get(actor)!.caller.tokens.accessToken;
  }

  async function seed(method: string, path: string, actor: Actor, body?: unknown): Promise<string> {
    const response = await call(switchyard.baseUrl, method, path, { token: tokenOf(actor), body });
    if (response.status >= 300) throw new Error(`seeding ${method} ${path} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body?.id;
  }

  beforeAll(async () => {
    database = await createTestDatabase('parity');
    switchyard = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:parity`,
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    twin = await LegacyTwin.start({ databaseUrl: database.url, identitySecret: IDENTITY_SECRET });
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    await insertUser(database.url, 'globex', 'gus', 'globex-gus-password', 'member');
    const owner = await login(switchyard.baseUrl, 'acme', 'owner', 'acme-owner-password');
    await as('owner', owner);
    await as('globex', await login(switchyard.baseUrl, 'globex', 'boss', 'globex-boss-password'));
    const admin = await createUserAndLogin(switchyard.baseUrl, owner, 'acme', 'ada', 'admin');
    const member = await createUserAndLogin(switchyard.baseUrl, owner, 'acme', 'mia', 'member');
    const viewer = await createUserAndLogin(switchyard.baseUrl, owner, 'acme', 'vic', 'viewer');
    const leaver = await createUserAndLogin(switchyard.baseUrl, owner, 'acme', 'leo', 'member');
    for (const [actor, caller] of [
      ['admin', admin],
      ['member', member],
      ['viewer', viewer],
      ['leaver', leaver],
    ] as const)
      await as(actor, caller);
    const subject = (username: string, role: string) =>
      seed('POST', '/api/v1/users', 'owner', { username, password: `${username}-password-123`, role });
    const users = {
      owner: callers.get('owner')!.identity.userId,
      admin: admin.id,
      member: member.id,
      viewer: viewer.id,
      leaver: leaver.id,
      sam: await subject('sam', 'member'),
      sid: await subject('sid', 'viewer'),
      olga: await subject('olga', 'owner'),
      globex: callers.get('globex')!.identity.userId,
      gus: '',
    };
    const spaces = {
      alpha: await seed('POST', '/api/v1/spaces', 'owner', { name: 'Alpha', description: 'member views' }),
      beta: await seed('POST', '/api/v1/spaces', 'owner', { name: 'Beta' }),
      gamma: await seed('POST', '/api/v1/spaces', 'owner', { name: 'Gamma' }),
      delta: await seed('POST', '/api/v1/spaces', 'owner', { name: 'Delta' }),
      own: await seed('POST', '/api/v1/spaces', 'member', { name: "Mia's own" }),
      globex: await seed('POST', '/api/v1/spaces', 'globex', { name: 'Globex secret' }),
    };
    const globexUsers = await call(switchyard.baseUrl, 'GET', '/api/v1/users', { token: tokenOf('globex') });
    users.gus = (globexUsers.body.items as Array<{ id: string; username: string }>).find((user) => user.username === 'gus')!.id;
    for (const [spaceId, userId, role] of [
      [spaces.alpha, member.id, 'viewer'],
      [spaces.alpha, viewer.id, 'viewer'],
      [spaces.beta, member.id, 'member'],
      [spaces.gamma, member.id, 'admin'],
    ])
      await seed('PUT', `/api/v1/spaces/${spaceId}/members/${userId}`, 'owner', { role });
    world = { users, spaces };
    outcomes = await walk(walkSteps(world));
  }, 300_000);

  afterAll(async () => {
    await twin?.stop();
    await switchyard?.close();
    await database?.drop();
  });

  async function send(side: Side, step: Step, memory: Memory): Promise<Answer> {
    const path = typeof step.path === 'function' ? step.path(side, memory) : step.path;
    const json = step.bodyFor ? step.bodyFor(side) : step.body;
    const text = step.rawBody ?? (json === undefined ? undefined : JSON.stringify(json));
    const body = text === undefined ? undefined : Buffer.from(text);
    const headers: Record<string, string> = text === undefined ? {} : { 'content-type': 'application/json' };
    if (side === 'switchyard') {
      if (step.actor === 'forged') headers.authorization = 'Bearer not.a.token';
      else if (step.actor !== 'anonymous') headers.authorization = `Bearer ${tokenOf(step.actor)}`;
      return answerOf(await fetch(`${switchyard.baseUrl}${path}`, { method: step.method, headers, body }));
    }
    if (step.actor !== 'anonymous') {
      const identity = callers.get(step.actor === 'forged' ? 'owner' : step.actor)!.identity;
      const secret = step.actor === 'forged' ? FORGED_SECRET : IDENTITY_SECRET;
      Object.assign(
        headers,
        signIdentity(secret, identity, { method: step.method, target: path, contentSha256: contentSha256Of(body) }, Date.now()),
      );
    }
    const answer = await answerOf(await fetch(`${twin.url}${path}`, { method: step.method, headers, body }));
    // The twin does not evict Switchyard's read-through cache of spaces (PD-C in docs/parity-differences.md):
    // the walk does it for the twin, or Switchyard would answer a copy older than the shared table.
    const written = /^\/api\/v1\/spaces\/([^/?]+)$/.exec(path);
    if (written && step.method !== 'GET' && answer.status < 300 && step.actor !== 'anonymous' && step.actor !== 'forged')
      await switchyard.app
        .get(CacheStore, { strict: false })
        .evict(SpaceAccessService.cacheKey(callers.get(step.actor)!.identity.tenantId, decodeURIComponent(written[1])));
    return answer;
  }

  /** Every step in order; the side that goes first alternates, so neither only ever finds the other's writes. */
  async function walk(steps: Step[]): Promise<Outcome[]> {
    const memory: Memory = { ids: {}, cursors: {} };
    const results: Outcome[] = [];
    for (const [index, step] of steps.entries()) {
      const order: Side[] = index % 2 === 0 ? ['twin', 'switchyard'] : ['switchyard', 'twin'];
      const answers = {} as Record<Side, Answer>;
      for (const side of order) {
        answers[side] = await send(side, step, memory);
        if (step.remember && answers[side].body && typeof answers[side].body === 'object')
          step.remember(side, answers[side].body as { id?: string; nextCursor?: string | null }, memory);
      }
      // The twin stands where the shadow comparison puts legacy, Switchyard where it puts the new side.
      const differences = diffJson(answers.twin, answers.switchyard, { ignorePaths: step.ignore ?? [], maxDifferences: 50 });
      results.push({ step, switchyard: answers.switchyard, twin: answers.twin, differences });
    }
    return results;
  }

  it('should walk every spaces and users route, with good and bad input, several tenants and every role', () => {
    const walked = new Set(outcomes.map((outcome) => outcome.step.route));
    const statuses = new Set(outcomes.map((outcome) => outcome.switchyard.status));

    expect([...walked].sort()).toEqual([...ROUTES].sort());
    expect([...statuses].sort()).toEqual([200, 201, 204, 400, 401, 403, 404, 409]);
    expect(new Set(outcomes.map((outcome) => outcome.step.actor))).toEqual(
      new Set(['owner', 'admin', 'member', 'viewer', 'globex', 'leaver', 'anonymous', 'forged']),
    );
  });

  it('should find no difference between the two answers that docs/parity-differences.md does not list', () => {
    const unexplained = outcomes.flatMap((outcome) =>
      outcome.differences
        .filter((difference) => !allowanceFor(outcome, difference))
        .map(
          (difference) =>
            `${outcome.step.route} | ${outcome.step.name} | ${difference.path} ${difference.kind}: ` +
            `twin ${JSON.stringify(difference.legacy)}, switchyard ${JSON.stringify(difference.new)}`,
        ),
    );

    expect(unexplained).toEqual([]);
  });

  it('should report zero shadow mismatches over every read of the walk, sent through a gateway shadowing spaces and users (SWY-134)', async () => {
    // A second node with the twin as legacy and both features in shadow for both tenants: legacy answers,
    // the node replays each read to itself and compares with the gateway's own shadow comparison.
    const directory = mkdtempSync(join(tmpdir(), 'swy-parity-shadow-'));
    const shadowed = (key: string) => ({
      key,
      enabled: true,
      tenants: { allow: ['acme', 'globex'], deny: [] },
      spaces: { allow: [], deny: [] },
      percentage: 0,
      stickBy: 'tenant',
      salt: `${key}-v1`,
    });
    const rulesFile = join(directory, 'routing.json');
    writeFileSync(
      rulesFile,
      JSON.stringify({
        default: 'legacy',
        features: [shadowed('spaces-api'), shadowed('users-api')],
        rules: [
          { match: { pathPrefix: '/api/v1/spaces' }, feature: 'spaces-api', target: 'shadow', fallback: 'off', timeoutMs: 5000 },
          { match: { pathPrefix: '/api/v1/users' }, feature: 'users-api', target: 'shadow', fallback: 'off', timeoutMs: 5000 },
        ],
        rollback: { enabled: false },
      }),
    );
    const gateway = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:parity`,
      LEGACY_BASE_URL: twin.url,
      LEGACY_IDENTITY_SECRET: IDENTITY_SECRET,
      ROUTING_CONFIG: rulesFile,
    });
    const admin = { token: tokenOf('owner') };
    const report = async () =>
      (await call(gateway.baseUrl, 'GET', '/api/v1/admin/routing/shadow-report', admin)).body as {
        routes: Array<{ route: string; matches: number; mismatches: number; failures: number; skipped: number }>;
        samples: unknown[];
      };
    const outcomesSoFar = async () =>
      (await report()).routes.reduce((sum, route) => sum + route.matches + route.mismatches + route.failures + route.skipped, 0);
    const shadowDecisions = async () =>
      (await (await fetch(`${gateway.baseUrl}/metrics`)).text())
        .split('\n')
        .filter((line) => line.startsWith('switchyard_routing_decisions_total{') && line.includes('target="shadow"'))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);

    try {
      const memory: Memory = { ids: {}, cursors: {} };
      let reads = 0;
      for (const step of walkSteps(world).filter((each) => each.method === 'GET')) {
        const path = typeof step.path === 'function' ? step.path('twin', memory) : step.path;
        // PD-3 (docs/parity-differences.md) is a deliberate difference of answers: its reads are left out here.
        if (path.includes(LENIENT_DATE_CURSOR)) continue;
        const headers: Record<string, string> = {};
        if (step.actor === 'forged') headers.authorization = 'Bearer not.a.token';
        else if (step.actor !== 'anonymous') headers.authorization = `Bearer ${tokenOf(step.actor)}`;
        const [decisionsBefore, outcomesBefore] = [await shadowDecisions(), await outcomesSoFar()];
        const answer = await answerOf(await fetch(`${gateway.baseUrl}${path}`, { headers }));
        if (step.remember && answer.body && typeof answer.body === 'object')
          step.remember('twin', answer.body as { id?: string; nextCursor?: string | null }, memory);
        // The comparison runs after the answer: the next step waits for it, so no write of the walk overtakes it.
        if ((await shadowDecisions()) > decisionsBefore) {
          reads += 1;
          await eventually(async () => (await outcomesSoFar()) > outcomesBefore, { message: `the shadow comparison of ${step.name}` });
        }
      }
      const { routes, samples } = await report();

      expect(reads).toBeGreaterThan(100);
      expect({ routes: routes.map((route) => route.route).sort(), samples }).toEqual({
        routes: ['/api/v1/spaces', '/api/v1/users'],
        samples: [],
      });
      expect(routes.map(({ route, mismatches, failures, skipped }) => ({ route, mismatches, failures, skipped }))).toEqual([
        { route: '/api/v1/spaces', mismatches: 0, failures: 0, skipped: 0 },
        { route: '/api/v1/users', mismatches: 0, failures: 0, skipped: 0 },
      ]);
      expect(routes.reduce((sum, route) => sum + route.matches, 0)).toBe(reads);
    } finally {
      await gateway.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("should leave a user's Switchyard sessions as they were when the twin changes the role or ends the sessions (PD-2, PD-4)", async () => {
    const tess = await createUserAndLogin(switchyard.baseUrl, callers.get('owner')!.caller, 'acme', 'tess', 'member');
    const owner = callers.get('owner')!.identity;
    const me = () => call(switchyard.baseUrl, 'GET', '/api/v1/auth/me', { token: tess.tokens.accessToken });

    const changed = await twin.call('PATCH', `/api/v1/users/${tess.id}`, owner, { body: { role: 'viewer' } });
    const afterChange = await me();
    const ended = await twin.call('DELETE', `/api/v1/users/${tess.id}/sessions`, owner);
    const afterTwinEnd = await me();
    const endedBySwitchyard = await call(switchyard.baseUrl, 'DELETE', `/api/v1/users/${tess.id}/sessions`, { token: tokenOf('owner') });
    const afterSwitchyardEnd = await me();

    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: tess.id, role: 'viewer' });
    expect(afterChange.status).toBe(200);
    expect(afterChange.body.role).toBe('member');
    expect(ended.status).toBe(204);
    expect(afterTwinEnd.status).toBe(200);
    expect(endedBySwitchyard.status).toBe(204);
    expect(afterSwitchyardEnd.status).toBe(401);
  });

  it('should need every listed difference: the list names only differences that still exist', () => {
    const used = new Set(
      outcomes.flatMap((outcome) => outcome.differences.map((difference) => allowanceFor(outcome, difference)?.id).filter(Boolean)),
    );

    expect(ALLOWED_DIFFERENCES.map((allowed) => allowed.id).filter((id) => !used.has(id))).toEqual([]);
  });
});
