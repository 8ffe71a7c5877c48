import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, createConnection } from 'mysql2/promise';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, login } from '../support/identity';
import { LegacyStandIn } from '../support/legacy-stand-in';
import { eventually } from '../support/poll';
import { Gate } from '../support/probe.module';
import { TEST_REDIS_URL, runId } from '../support/test-environment';
import { chunked, upload } from '../support/uploads';

const IDENTITY_SECRET = 'identity-secret-for-the-gateway-bounds-suite-0123';
const QUERY_TIMEOUT_MS = 4000;

/**
 * Issue 11, found 2 and 5 (SWY-141, SWY-144): what the gateway does when a side is slow or a client
 * misbehaves — a write outliving its rule's deadline, a slow legacy, a client that goes away, an
 * anonymous upload above the body limit, a query that never returns. One node in this process, a
 * legacy stand-in a test can hold, and MariaDB tables a test can lock.
 */
describe('the gateway with slow sides and misbehaving clients', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-bounds-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let legacy: LegacyStandIn;
  let node: RunningApp;
  let acme: Caller;
  let locker: Connection;

  beforeAll(async () => {
    database = await createTestDatabase('bounds');
    legacy = await new LegacyStandIn().start();
    const rulesFile = join(directory, 'routing.json');
    writeFileSync(
      rulesFile,
      JSON.stringify({
        default: 'legacy',
        features: [{ key: 'spaces-api', enabled: true, tenants: { allow: ['acme'], deny: [] }, percentage: 0, salt: 'spaces-api-v1' }],
        rules: [
          { match: { pathPrefix: '/api/v1/spaces' }, feature: 'spaces-api', target: 'new', fallback: 'safe', timeoutMs: 300 },
          { match: { pathPrefix: '/api/v1/users' }, feature: 'spaces-api', target: 'new', fallback: 'off' },
        ],
      }),
    );
    node = await startApp({
      DATABASE_URL: database.url,
      DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:bounds`,
      LEGACY_BASE_URL: legacy.url,
      LEGACY_IDENTITY_SECRET: IDENTITY_SECRET,
      LEGACY_CONNECTIONS: '2',
      LEGACY_MAX_QUEUED: '2',
      ROUTING_CONFIG: rulesFile,
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    acme = await login(node.baseUrl, 'acme', 'owner', 'acme-owner-password');
    locker = await createConnection({ uri: database.url });
  });

  afterAll(async () => {
    await locker?.end();
    await node?.close();
    await legacy?.stop();
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  beforeEach(() => {
    legacy.handler = (request) => ({ body: { servedBy: 'legacy', method: request.method, url: request.url } });
  });

  const metric = async (name: string, labels = ''): Promise<number> => {
    const text = await (await fetch(`${node.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };

  it('should answer a write that outlives its rule deadline from the new side once, never replayed to legacy', async () => {
    const name = `held-${Date.now()}`;
    const postsBefore = legacy.received.filter((request) => request.method === 'POST').length;
    const keptBefore = await metric('switchyard_routing_deadlines_total', 'feature="spaces-api",outcome="kept-new"');
    await locker.query('LOCK TABLES spaces WRITE');
    let response: Response;
    try {
      const pending = fetch(`${node.baseUrl}/api/v1/spaces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.tokens.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      // The insert waits on the lock until the rule's 300 ms deadline has passed and the gateway chose to wait.
      await eventually(
        async () => (await metric('switchyard_routing_deadlines_total', 'feature="spaces-api",outcome="kept-new"')) > keptBefore,
        { message: 'the deadline of the held write' },
      );
      await locker.query('UNLOCK TABLES');
      response = await pending;
    } finally {
      await locker.query('UNLOCK TABLES');
    }

    expect([response.status, response.headers.get('x-served-by'), response.headers.get('x-fallback')]).toEqual([201, 'new', null]);
    const [rows] = await locker.query('SELECT COUNT(*) AS count FROM spaces WHERE name = ?', [name]);
    expect(Number((rows as Array<{ count: number }>)[0]!.count)).toBe(1);
    expect(legacy.received.filter((request) => request.method === 'POST').length).toBe(postsBefore);
  });

  it('should give up a query held longer than DATABASE_QUERY_TIMEOUT_MS with 503 naming the database', async () => {
    await locker.query('LOCK TABLES users WRITE');
    let response: Response;
    try {
      response = await fetch(`${node.baseUrl}/api/v1/users`, { headers: { authorization: `Bearer ${acme.tokens.accessToken}` } });
    } finally {
      await locker.query('UNLOCK TABLES');
    }

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'database' } });
    const after = await fetch(`${node.baseUrl}/api/v1/users`, { headers: { authorization: `Bearer ${acme.tokens.accessToken}` } });
    expect(after.status).toBe(200);
  });

  it('should refuse calls beyond the connections and LEGACY_MAX_QUEUED at once with 503 naming legacy while legacy is slow', async () => {
    const gate = new Gate();
    legacy.handler = async (request) => {
      await gate.pass();
      return { body: { servedBy: 'legacy', url: request.url } };
    };
    const receivedBefore = legacy.received.length;
    // Two on the two connections, two waiting for one: the limit.
    const held = [1, 2, 3, 4].map((n) => fetch(`${node.baseUrl}/api/v1/reports/${n}`));
    await eventually(
      async () => legacy.received.length - receivedBefore === 2 && (await metric('switchyard_routing_legacy_pending')) === 4,
      {
        message: 'two calls at legacy and two waiting',
      },
    );

    const refused = await fetch(`${node.baseUrl}/api/v1/reports/5`);
    const refusedBody = await refused.json();
    gate.open();
    const answered = await Promise.all(held);

    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '1']);
    expect(refusedBody).toMatchObject({ error: 'LEGACY_OVERLOADED', details: { dependency: 'legacy', queued: 2 } });
    expect(answered.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    await eventually(async () => (await metric('switchyard_routing_legacy_pending')) === 0, { message: 'no call left pending' });
  });

  it('should abort the call to legacy when the client goes away, freeing its place', async () => {
    const gate = new Gate();
    legacy.handler = async () => {
      await gate.pass();
      return { body: {} };
    };
    const abandonedBefore = legacy.abandoned;
    const client = new AbortController();
    const request = fetch(`${node.baseUrl}/api/v1/reports/slow`, { signal: client.signal }).catch((error: Error) => error.name);
    await eventually(() => gate.entered, { message: 'the call at legacy' });

    client.abort();

    expect(await request).toBe('AbortError');
    await eventually(() => legacy.abandoned > abandonedBefore, { message: 'legacy to see the call closed' });
    await eventually(async () => (await metric('switchyard_routing_legacy_pending')) === 0, { message: 'no call left pending' });
    gate.open();
  });

  it('should hold an anonymous upload to BODY_LIMIT_BYTES, declared or streamed, and not let legacy take it', async () => {
    const target = `${node.baseUrl}/api/v1/reports/upload`;

    const declared = await upload(target, Buffer.alloc(1_048_577, 1));
    const streamed = await upload(target, chunked([Buffer.alloc(600_000, 1), Buffer.alloc(600_000, 2)]));
    const small = await upload(target, Buffer.from('fits'));

    const answers = await Promise.all(
      [declared, streamed, small].map(async (response) => [response.status, ((await response.json()) as { error?: string }).error]),
    );
    expect(answers).toEqual([
      [413, 'PAYLOAD_TOO_LARGE'],
      [413, 'PAYLOAD_TOO_LARGE'],
      [200, undefined],
    ]);
    const uploads = legacy.received.filter((request) => request.url === '/api/v1/reports/upload');
    expect(uploads.map((request) => request.body)).toEqual(['fits']);
    await eventually(async () => (await metric('switchyard_routing_legacy_pending')) === 0, { message: 'no call left pending' });
  });
});
