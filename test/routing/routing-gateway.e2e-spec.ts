import { EMPTY_CONTENT_SHA256, verifyIdentity } from '@switchyard/routing-gateway';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, insertTenantWithOwner, login } from '../support/identity';
import { LegacyStandIn, ReceivedRequest } from '../support/legacy-stand-in';
import { eventually } from '../support/poll';
import { Gate, ProbeModule, probeGate } from '../support/probe.module';
import { TEST_REDIS_URL, runId } from '../support/test-environment';
import { chunked, upload } from '../support/uploads';

interface ShadowSnapshot {
  routes: Array<{ route: string; matches: number; mismatches: number }>;
  samples: Array<{ differences: unknown[] }>;
}

const IDENTITY_SECRET = 'identity-secret-for-the-routing-e2e-suite-0123';

/** What legacy's verifier (docs/legacy-identity.md) makes of a request it received, now or with some part changed. */
const verifyAtLegacy = (received: ReceivedRequest, changed: { target?: string; body?: Buffer } = {}) =>
  verifyIdentity(
    IDENTITY_SECRET,
    { method: received.method, target: changed.target ?? received.url, headers: received.headers, body: changed.body ?? received.rawBody },
    Date.now(),
  );

/** A feature toggle on for acme only, unless told otherwise. */
const feature = (key: string, overrides: Record<string, unknown> = {}) => ({
  key,
  enabled: true,
  tenants: { allow: ['acme'], deny: [] },
  spaces: { allow: [], deny: [] },
  percentage: 0,
  stickBy: 'tenant',
  salt: `${key}-v1`,
  ...overrides,
});

const rules = (overrides: Record<string, unknown> = {}) => ({
  default: 'legacy',
  features: [feature('spaces-api'), feature('probe')],
  rules: [
    {
      match: { pathPrefix: '/api/v1/spaces', methods: ['GET', 'POST', 'PATCH', 'DELETE'] },
      feature: 'spaces-api',
      target: 'new',
      fallback: 'safe',
      timeoutMs: 5000,
    },
    { match: { pathPattern: '/api/v1/probe/shadowed' }, feature: 'probe', target: 'shadow', fallback: 'off', timeoutMs: 5000 },
    { match: { pathPattern: '/api/v1/probe/held' }, feature: 'probe', target: 'new', fallback: 'safe', timeoutMs: 300 },
    { match: { pathPrefix: '/api/v1/probe' }, feature: 'probe', target: 'new', fallback: 'safe', timeoutMs: 5000 },
  ],
  shadow: { ignorePaths: ['**.generatedAt'], maxConcurrency: 2, sampleSize: 10, maxDifferences: 20 },
  // Off by default: several tests make the new side fail on purpose; the rollback test switches it on.
  rollback: { enabled: false, windowMs: 60000, minRequests: 5, errorRateFactor: 2, p95Factor: 1.2 },
  ...overrides,
});

describe('routing gateway in front of a legacy stand-in', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-routing-'));
  const rulesFile = join(directory, 'routing.json');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let legacy: LegacyStandIn;
  let nodeA: RunningApp;
  let nodeB: RunningApp;
  let acme: Caller;
  let globex: Caller;

  beforeAll(async () => {
    database = await createTestDatabase('routing');
    legacy = await new LegacyStandIn().start();
    writeFileSync(rulesFile, JSON.stringify(rules()));
    const environment = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:routing`,
      LEGACY_BASE_URL: legacy.url,
      LEGACY_IDENTITY_SECRET: IDENTITY_SECRET,
      ROUTING_CONFIG: rulesFile,
      ROUTING_FILE_POLL_MS: '100',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    };
    nodeA = await startApp(environment, { imports: [ProbeModule] });
    nodeB = await startApp(environment, { imports: [ProbeModule] });
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    acme = await login(nodeA.baseUrl, 'acme', 'owner', 'acme-owner-password');
    globex = await login(nodeA.baseUrl, 'globex', 'boss', 'globex-boss-password');
  });

  afterAll(async () => {
    await Promise.all([nodeA.close(), nodeB.close()]);
    await legacy.stop();
    await database.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  beforeEach(() => {
    legacy.handler = (request) => ({ body: { servedBy: 'legacy', method: request.method, url: request.url } });
  });

  it('should proxy a tenant that is not on the new side to legacy with identity, request id and trace forwarded', async () => {
    const response = await fetch(`${nodeA.baseUrl}/api/v1/spaces?limit=5`, {
      headers: { authorization: `Bearer ${globex.tokens.accessToken}`, 'x-request-id': 'route-1' },
    });

    const received = legacy.last((request) => request.headers['x-request-id'] === 'route-1')!;
    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by')).toBe('legacy');
    expect(await response.json()).toEqual({ servedBy: 'legacy', method: 'GET', url: '/api/v1/spaces?limit=5' });
    expect(received.headers).toMatchObject({
      'x-user-role': 'owner',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
    });
    expect(verifyAtLegacy(received)).toEqual({
      valid: true,
      identity: { tenantId: received.headers['x-tenant-id'], userId: received.headers['x-user-id'], role: 'owner' },
    });
    expect(received.headers).toMatchObject({ 'x-identity-version': '2', 'x-content-sha256': EMPTY_CONTENT_SHA256 });
    expect(received.headers.authorization).toBeUndefined();
    expect(nodeA.logs.find((line) => line.requestId === 'route-1' && line.res !== undefined)).toMatchObject({
      path: '/api/v1/spaces',
      tenantId: received.headers['x-tenant-id'],
      userId: received.headers['x-user-id'],
    });
  });

  it('should drop hop-by-hop headers and keep end-to-end ones on the way to legacy', async () => {
    await fetch(`${nodeA.baseUrl}/api/v1/reports/weekly`, {
      headers: {
        'x-request-id': 'hop-1',
        'proxy-authorization': 'Basic c2VjcmV0',
        te: 'trailers',
        'x-custom-header': 'kept',
        cookie: 'session=secret',
      },
    });

    const received = legacy.last((request) => request.headers['x-request-id'] === 'hop-1')!;
    expect(received.headers['x-custom-header']).toBe('kept');
    expect([received.headers['proxy-authorization'], received.headers.te, received.headers.cookie]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("should pass legacy's answer on with its declared length, not re-chunked, and HEAD with the length of GET", async () => {
    const answer = { report: 'weekly', rows: Array.from({ length: 50 }, (_, index) => index) };
    const expected = JSON.stringify(answer);
    legacy.handler = () => ({ body: answer, headers: { 'content-length': String(Buffer.byteLength(expected)) } });

    const response = await fetch(`${nodeA.baseUrl}/api/v1/reports/weekly`);
    const head = await fetch(`${nodeA.baseUrl}/api/v1/reports/weekly`, { method: 'HEAD' });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by')).toBe('legacy');
    expect(await response.text()).toBe(expected);
    expect([response.headers.get('content-length'), response.headers.get('transfer-encoding')]).toEqual([
      String(Buffer.byteLength(expected)),
      null,
    ]);
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(Buffer.byteLength(expected))]);
  });

  it('should stream an answer legacy is still writing, and send one that arrived whole as one body with its length', async () => {
    let release!: (rest: string) => void;
    legacy.handler = () => ({ parts: { first: '{"part":1,', rest: new Promise<string>((resolve) => (release = resolve)) } });
    const streamed = await fetch(`${nodeA.baseUrl}/api/v1/reports/live`);
    const reader = streamed.body!.getReader();
    // Legacy holds the rest until the client has the first part: it can only get here streamed.
    const first = await reader.read();
    release('"part":2}');
    let rest = '';
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += Buffer.from(next.value).toString('utf8');
    legacy.handler = () => ({ body: { whole: true } });
    const whole = await fetch(`${nodeA.baseUrl}/api/v1/reports/small`);

    expect(Buffer.from(first.value!).toString('utf8')).toBe('{"part":1,');
    expect(rest).toBe('"part":2}');
    expect(streamed.headers.get('transfer-encoding')).toBe('chunked');
    expect(await whole.text()).toBe('{"whole":true}');
    expect([whole.headers.get('content-length'), whole.headers.get('transfer-encoding')]).toEqual(['14', null]);
  });

  it('should pass a valid incoming traceparent on to legacy and replace a malformed or forged-looking one', async () => {
    const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const sent = { 'trace-valid': valid, 'trace-bad': '00-zz-not-hex-01', 'trace-zero': `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` };

    for (const [requestId, traceparent] of Object.entries(sent))
      await fetch(`${nodeA.baseUrl}/api/v1/reports/traced`, { headers: { 'x-request-id': requestId, traceparent } });

    const receivedFor = (requestId: string) => legacy.last((request) => request.headers['x-request-id'] === requestId)!.headers.traceparent;
    expect(receivedFor('trace-valid')).toBe(valid);
    for (const requestId of ['trace-bad', 'trace-zero']) {
      expect(receivedFor(requestId)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(receivedFor(requestId)).not.toBe(sent[requestId as keyof typeof sent]);
    }
  });

  it('should forward the body of a legacy-routed write unchanged', async () => {
    const body = JSON.stringify({ name: 'Globex analytics', description: 'ünïcødé ✓' });

    const response = await fetch(`${nodeA.baseUrl}/api/v1/spaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${globex.tokens.accessToken}`, 'content-type': 'application/json', 'x-request-id': 'route-post' },
      body,
    });

    expect(response.headers.get('x-served-by')).toBe('legacy');
    expect(legacy.last((request) => request.headers['x-request-id'] === 'route-post')).toMatchObject({ method: 'POST', body });
  });

  it('should sign a proxied POST over its method, target with the query, and body, so legacy refuses any of them changed', async () => {
    const body = JSON.stringify({ name: 'Quarterly', description: 'ünïcødé ✓' });

    const response = await fetch(`${nodeA.baseUrl}/api/v1/spaces?from=2026-01-01&limit=5`, {
      method: 'POST',
      headers: { authorization: `Bearer ${globex.tokens.accessToken}`, 'content-type': 'application/json', 'x-request-id': 'signed-post' },
      body,
    });

    const received = legacy.last((request) => request.headers['x-request-id'] === 'signed-post')!;
    expect(response.headers.get('x-served-by')).toBe('legacy');
    expect(received).toMatchObject({ method: 'POST', url: '/api/v1/spaces?from=2026-01-01&limit=5', body });
    // Computed here, not with the signer's helper: the header must be the plain SHA-256 of the bytes legacy got.
    expect(received.headers['x-content-sha256']).toBe(createHash('sha256').update(received.rawBody).digest('hex'));
    expect(verifyAtLegacy(received)).toMatchObject({ valid: true, identity: { role: 'owner' } });
    expect(verifyAtLegacy(received, { target: '/api/v1/spaces?from=2026-01-01&limit=500' })).toEqual({
      valid: false,
      refusal: 'signature-mismatch',
    });
    expect(verifyAtLegacy(received, { body: Buffer.from(body.replace('Quarterly', 'Yearly')) })).toEqual({
      valid: false,
      refusal: 'content-digest-mismatch',
    });
  });

  it('should answer 413 to a signed write above BODY_LIMIT_BYTES, declared or streamed, and not forward it', async () => {
    const before = legacy.received.length;
    const target = `${nodeA.baseUrl}/api/v1/reports/upload`;
    const signed = { authorization: `Bearer ${globex.tokens.accessToken}` };

    const declared = await upload(target, Buffer.alloc(1_048_577, 1), signed);
    const streamed = await upload(target, chunked([Buffer.alloc(600_000, 1), Buffer.alloc(600_000, 2)]), signed);

    const answers = await Promise.all(
      [declared, streamed].map(async (response) => [response.status, ((await response.json()) as { error: string }).error]),
    );
    expect(answers).toEqual([
      [413, 'PAYLOAD_TOO_LARGE'],
      [413, 'PAYLOAD_TOO_LARGE'],
    ]);
    expect(legacy.received.length).toBe(before);
  });

  it('should serve a tenant on the new side locally', async () => {
    const before = legacy.received.length;

    const response = await fetch(`${nodeA.baseUrl}/api/v1/spaces`, { headers: { authorization: `Bearer ${acme.tokens.accessToken}` } });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by')).toBe('new');
    expect(((await response.json()) as { items: unknown[] }).items).toEqual([]);
    expect(legacy.received.length).toBe(before);
  });

  it('should never proxy auth, admin, health, metrics or the OpenAPI document', async () => {
    const responses = await Promise.all(
      ['/health/live', '/metrics', '/api/v1/auth/me', '/api/v1/admin/routing', '/docs-json'].map((path) =>
        fetch(`${nodeA.baseUrl}${path}`, { headers: { authorization: `Bearer ${globex.tokens.accessToken}` } }),
      ),
    );

    expect(responses.map((response) => response.headers.get('x-served-by'))).toEqual(['new', 'new', 'new', 'new', 'new']);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 403, 200]);
  });

  it('should replay a failed safe GET to legacy and say why', async () => {
    const response = await fetch(`${nodeA.baseUrl}/api/v1/probe/boom`, { headers: { authorization: `Bearer ${acme.tokens.accessToken}` } });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by')).toBe('legacy');
    expect(response.headers.get('x-fallback')).toBe('new-5xx');
    expect(await response.json()).toMatchObject({ servedBy: 'legacy', url: '/api/v1/probe/boom' });
  });

  it('should answer from legacy when the new side is slower than the rule timeout', async () => {
    probeGate.current = new Gate();

    const response = await fetch(`${nodeA.baseUrl}/api/v1/probe/held`, { headers: { authorization: `Bearer ${acme.tokens.accessToken}` } });
    const entered = probeGate.current.entered;
    probeGate.current.open();

    expect(entered).toBe(true);
    expect(response.status).toBe(200);
    expect([response.headers.get('x-served-by'), response.headers.get('x-fallback')]).toEqual(['legacy', 'new-timeout']);
    expect(await response.json()).toMatchObject({ servedBy: 'legacy', url: '/api/v1/probe/held' });
  });

  it('should not replay a failed write, even with an Idempotency-Key: it may have committed on the database both sides share', async () => {
    const before = legacy.received.filter((request) => request.method === 'POST').length;

    const responses = [];
    for (const headers of [{}, { 'idempotency-key': 'k-1' }])
      responses.push(
        await fetch(`${nodeA.baseUrl}/api/v1/probe/boom`, {
          method: 'POST',
          headers: { authorization: `Bearer ${acme.tokens.accessToken}`, 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ n: 1 }),
        }),
      );

    expect(responses.map((response) => [response.status, response.headers.get('x-served-by'), response.headers.get('x-fallback')])).toEqual(
      [
        [500, 'new', null],
        [500, 'new', null],
      ],
    );
    expect(legacy.received.filter((request) => request.method === 'POST').length).toBe(before);
  });

  it('should serve shadowed routes from legacy, count matches, and record the differences of the new side', async () => {
    legacy.handler = () => ({ body: { value: 1, generatedAt: 'an hour ago', items: [{ id: 1, label: 'new' }] } });
    await fetch(`${nodeA.baseUrl}/api/v1/probe/shadowed`, { headers: { authorization: `Bearer ${acme.tokens.accessToken}` } });
    await eventually(
      async () =>
        (
          (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing/shadow-report', { token: acme.tokens.accessToken }))
            .body as ShadowSnapshot
        ).routes[0]?.matches === 1,
      { message: 'the shadow match to be counted' },
    );
    legacy.handler = () => ({ body: { value: 2, generatedAt: 'yesterday', items: [{ id: 1, label: 'new' }] } });

    const response = await fetch(`${nodeA.baseUrl}/api/v1/probe/shadowed`, {
      headers: { authorization: `Bearer ${acme.tokens.accessToken}` },
    });
    const body = await response.json();

    expect(body).toEqual({ value: 2, generatedAt: 'yesterday', items: [{ id: 1, label: 'new' }] });
    expect(response.headers.get('x-served-by')).toBe('legacy');
    const report = await eventually(
      async () => {
        const snapshot = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing/shadow-report', { token: acme.tokens.accessToken }))
          .body as ShadowSnapshot;
        return snapshot.samples.length > 0 ? snapshot : undefined;
      },
      { message: 'the shadow mismatch to be recorded' },
    );
    expect(report.routes).toEqual([expect.objectContaining({ route: '/api/v1/probe/shadowed', matches: 1, mismatches: 1 })]);
    expect(report.samples[0]!.differences).toEqual([{ path: '/value', kind: 'changed', legacy: 2, new: 1 }]);
  });

  it('should pass a shadowed answer too large to compare to the client whole, and count it skipped', async () => {
    const large = { items: Array.from({ length: 40_000 }, (_, index) => ({ id: index, label: `item ${index} of a large answer` })) };
    legacy.handler = () => ({ body: large });
    const skippedBefore =
      (
        (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing/shadow-report', { token: acme.tokens.accessToken })).body as {
          routes: Array<{ route: string; skipped: number }>;
        }
      ).routes.find((route) => route.route === '/api/v1/probe/shadowed')?.skipped ?? 0;

    const response = await fetch(`${nodeA.baseUrl}/api/v1/probe/shadowed`, {
      headers: { authorization: `Bearer ${acme.tokens.accessToken}` },
    });
    const text = await response.text();
    const report = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing/shadow-report', { token: acme.tokens.accessToken })).body as {
      routes: Array<{ route: string; skipped: number }>;
    };

    expect(text.length).toBeGreaterThan(1_048_576);
    expect(JSON.parse(text)).toEqual(large);
    expect([response.status, response.headers.get('x-served-by')]).toEqual([200, 'legacy']);
    expect(report.routes.find((route) => route.route === '/api/v1/probe/shadowed')?.skipped).toBe(skippedBefore + 1);
  });

  it('should answer 502 LEGACY_UNAVAILABLE when legacy is down', async () => {
    const port = Number(new URL(legacy.url).port);
    await legacy.stop();

    const response = await call(nodeA.baseUrl, 'GET', '/api/v1/spaces', { token: globex.tokens.accessToken });
    await legacy.start(port);

    expect(response.status).toBe(502);
    expect(response.body).toMatchObject({ statusCode: 502, error: 'LEGACY_UNAVAILABLE' });
    expect(response.headers.get('x-served-by')).toBe('legacy');
  });

  it('should refuse an invalid rule set with every problem listed and keep the old one', async () => {
    const before = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken })).body.version;

    const response = await call(nodeA.baseUrl, 'PUT', '/api/v1/admin/routing', {
      token: acme.tokens.accessToken,
      body: { default: 'nowhere', features: [{ key: 'x', percentage: 150 }], rules: [{ match: {}, feature: 'missing' }] },
    });
    const after = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken })).body.version;

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('INVALID_ROUTING_DOCUMENT');
    expect(response.body.details.length).toBeGreaterThanOrEqual(3);
    expect(after).toBe(before);
  });

  it('should refuse a change based on a stale version with 409 and audit applied changes with their diff', async () => {
    const current = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken })).body.version as number;
    const put = (version: number, percentage: number) =>
      fetch(`${nodeA.baseUrl}/api/v1/admin/routing`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${acme.tokens.accessToken}`,
          'content-type': 'application/json',
          'if-match': String(version),
          'x-change-reason': 'ramp',
        },
        body: JSON.stringify(rules({ features: [feature('spaces-api'), feature('probe', { percentage })] })),
      });

    const fresh = await put(current, 10);
    const stale = await put(current, 20);
    const audit = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing/audit', { token: acme.tokens.accessToken })).body as Array<{
      action: string;
      actor: string;
      details: { version: number; diff: unknown[] };
    }>;

    expect([fresh.status, stale.status]).toEqual([200, 409]);
    expect(((await stale.json()) as { error: string }).error).toBe('ROUTING_VERSION_CONFLICT');
    expect(audit.find((entry) => entry.details.version === current + 1)).toMatchObject({
      action: 'rules-updated',
      actor: expect.stringContaining('user:owner@'),
      details: { diff: [{ path: '/features/1/percentage', kind: 'changed', legacy: 0, new: 10 }] },
    });
  });

  it('should refuse routing administration to admins of other tenants', async () => {
    const response = await call(nodeA.baseUrl, 'PUT', '/api/v1/admin/routing', { token: globex.tokens.accessToken, body: rules() });

    expect(response.status).toBe(403);
  });

  it('should apply a rule change made on node A on node B, with who, when and why', async () => {
    const update = await fetch(`${nodeA.baseUrl}/api/v1/admin/routing`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${acme.tokens.accessToken}`,
        'content-type': 'application/json',
        'x-change-reason': 'move globex to new',
      },
      body: JSON.stringify(
        rules({ features: [feature('spaces-api', { tenants: { allow: ['acme', 'globex'], deny: [] } }), feature('probe')] }),
      ),
    });
    const version = ((await update.json()) as { version: number }).version;

    await eventually(
      async () => (await call(nodeB.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken })).body.version === version,
      { message: 'node B to apply the new version' },
    );
    const onB = await fetch(`${nodeB.baseUrl}/api/v1/spaces`, { headers: { authorization: `Bearer ${globex.tokens.accessToken}` } });
    const view = (await call(nodeB.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken })).body;

    expect(update.status).toBe(200);
    expect(onB.headers.get('x-served-by')).toBe('new');
    expect(view).toMatchObject({ version, reason: 'move globex to new', updatedBy: expect.stringContaining('user:owner@') });
  });

  it('should share login throttling counters between nodes', async () => {
    const attempt = (node: RunningApp) =>
      call(node.baseUrl, 'POST', '/api/v1/auth/login', { body: { tenant: 'acme', username: 'shared-target', password: 'guess' } });

    const statuses = [];
    for (const node of [nodeA, nodeB, nodeA, nodeB, nodeA, nodeB]) statuses.push((await attempt(node)).status);

    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('should send every feature to legacy on every node with the global kill switch, and back when released', async () => {
    const spacesOnB = () => fetch(`${nodeB.baseUrl}/api/v1/spaces`, { headers: { authorization: `Bearer ${acme.tokens.accessToken}` } });
    await eventually(async () => (await spacesOnB()).headers.get('x-served-by') === 'new', {
      message: 'acme to be served by the new side on node B',
    });

    const off = await call(nodeA.baseUrl, 'POST', '/api/v1/admin/routing/kill-switches', {
      token: acme.tokens.accessToken,
      body: { feature: '*', reason: 'drill' },
    });
    await eventually(async () => (await spacesOnB()).headers.get('x-served-by') === 'legacy', {
      message: 'node B to honour the global kill switch',
    });
    const released = await call(nodeA.baseUrl, 'DELETE', '/api/v1/admin/routing/kill-switches?feature=*', {
      token: acme.tokens.accessToken,
    });
    await eventually(async () => (await spacesOnB()).headers.get('x-served-by') === 'new', { message: 'node B to release it' });

    expect(off.body.killSwitches).toEqual([expect.objectContaining({ feature: '*', scope: '*', reason: 'drill' })]);
    expect(released.body.killSwitches).toEqual([]);
  });

  it('should keep the active rules when the rules file becomes invalid, and audit the rejection', async () => {
    const before = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken })).body.version as number;

    writeFileSync(rulesFile, 'default: [not, a, target]\nrules: 7\n');

    const rejection = await eventually(
      async () => {
        const entries = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing/audit', { token: acme.tokens.accessToken }))
          .body as Array<{ action: string; details: { problems: string[] } }>;
        return entries.find((entry) => entry.action === 'file-reload-rejected');
      },
      { message: 'the invalid file to be rejected' },
    );
    const after = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken })).body.version;

    expect(rejection.details.problems.length).toBeGreaterThan(0);
    expect(after).toBe(before);
  });

  it('should reload the rules file without a restart', async () => {
    writeFileSync(rulesFile, JSON.stringify(rules({ default: 'new', rules: [] })));

    const view = await eventually(
      async () => {
        const current = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken })).body as {
          document: { default: string };
          updatedBy: string;
        };
        return current.document.default === 'new' ? current : undefined;
      },
      { message: 'the file change to be applied' },
    );

    expect(view.updatedBy).toBe(`file:${rulesFile}`);
  });

  it('should switch a failing feature off automatically, audit it, and send its traffic to legacy', async () => {
    const rollback = { enabled: true, windowMs: 60000, minRequests: 5, errorRateFactor: 2, p95Factor: 1.2 };
    await call(nodeA.baseUrl, 'PUT', '/api/v1/admin/routing', { token: acme.tokens.accessToken, body: rules({ rollback }) });
    const probe = (caller: Caller) =>
      fetch(`${nodeA.baseUrl}/api/v1/probe/boom`, { headers: { authorization: `Bearer ${caller.tokens.accessToken}` } });
    for (let index = 0; index < 6; index += 1) await probe(globex);

    for (let index = 0; index < 6; index += 1) await probe(acme);
    const after = await probe(acme);

    expect(after.headers.get('x-served-by')).toBe('legacy');
    expect(after.headers.get('x-fallback')).toBeNull();
    await eventually(
      async () => {
        const onB = await fetch(`${nodeB.baseUrl}/api/v1/probe/boom`, { headers: { authorization: `Bearer ${acme.tokens.accessToken}` } });
        return onB.headers.get('x-served-by') === 'legacy' && onB.headers.get('x-fallback') === null;
      },
      { message: 'node B to honour the kill switch' },
    );
    const audit = await eventually(
      async () => {
        const entries = (await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing/audit', { token: acme.tokens.accessToken }))
          .body as Array<{ action: string; feature?: string }>;
        return entries.find((entry) => entry.action === 'kill-switch' && entry.feature === 'probe');
      },
      { message: 'the automatic rollback to be audited' },
    );
    expect(audit).toMatchObject({ actor: 'rollback-monitor', details: { reason: 'error-rate' } });
    // One tenant's failures switch the feature off for that tenant only: everyone's switch needs several (D56).
    const view = await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken });
    const acmeTenant = (await call(nodeA.baseUrl, 'GET', '/api/v1/auth/me', { token: acme.tokens.accessToken })).body.tenantId;
    expect(view.body.killSwitches).toEqual([expect.objectContaining({ feature: 'probe', scope: `tenant:${acmeTenant}` })]);
    const metrics = await (await fetch(`${nodeA.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_routing_rollbacks_total\{feature="probe",reason="error-rate"\} [1-9]/);
  });

  it('should take the space from the route, never from an X-Space-Id the client sends', async () => {
    const pilotSpace = '0f8e5a3c-9d3b-4c1e-8a55-2f1d6c7b9e01';
    const update = await call(nodeA.baseUrl, 'PUT', '/api/v1/admin/routing', {
      token: acme.tokens.accessToken,
      body: rules({
        features: [
          feature('spaces-api'),
          feature('probe', { tenants: { allow: [], deny: [] }, spaces: { allow: [pilotSpace], deny: [] } }),
        ],
      }),
    });

    const steered = await fetch(`${nodeA.baseUrl}/api/v1/probe/anything`, {
      headers: { authorization: `Bearer ${globex.tokens.accessToken}`, 'x-space-id': pilotSpace },
    });

    expect(update.status).toBe(200);
    expect(steered.headers.get('x-served-by')).toBe('legacy');
  });

  it("should route a request carrying a client's own X-Switchyard-Shadow header like any other, never as a replay", async () => {
    const forged = await fetch(`${nodeA.baseUrl}/api/v1/spaces?limit=1`, {
      headers: {
        authorization: `Bearer ${globex.tokens.accessToken}`,
        'x-switchyard-shadow': '0'.repeat(32),
        'x-request-id': 'forged-shadow',
      },
    });

    expect(forged.headers.get('x-served-by')).toBe('legacy');
    expect(legacy.last((request) => request.headers['x-request-id'] === 'forged-shadow')).toBeDefined();
  });
});
