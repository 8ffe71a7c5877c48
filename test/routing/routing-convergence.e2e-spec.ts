import { createConnection } from 'mysql2/promise';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, login } from '../support/identity';
import { LegacyStandIn } from '../support/legacy-stand-in';
import { eventually } from '../support/poll';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

const IDENTITY_SECRET = 'identity-secret-for-the-convergence-suite-0123';

/**
 * Issue 11, found 4 (SWY-143): kill switches live in MySQL, every node loads them at start and reconciles
 * with them (and with the rules version) on a timer, so a node that starts later or misses a message
 * converges; each node's version and switch count are on /metrics.
 */
describe('routing state every node converges to', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-converge-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let legacy: LegacyStandIn;
  let environment: Record<string, string | undefined>;
  let nodeA: RunningApp;
  let acme: Caller;
  const started: RunningApp[] = [];

  const start = async (overrides: Record<string, string> = {}) => {
    const node = await startApp({ ...environment, ...overrides });
    started.push(node);
    return node;
  };
  const switchesOn = async (node: RunningApp) =>
    (
      (await call(node.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken })).body.killSwitches as Array<{
        feature: string;
        scope: string;
      }>
    ).map(({ feature, scope }) => `${feature}@${scope}`);
  /** The value of an unlabelled gauge on a node's /metrics. */
  const gauge = async (node: RunningApp, name: string) => {
    const text = await (await fetch(`${node.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((each) => each.startsWith(`${name} `));
    return Number(line?.split(' ')[1]);
  };

  beforeAll(async () => {
    database = await createTestDatabase('converge');
    legacy = await new LegacyStandIn().start();
    const rulesFile = join(directory, 'routing.json');
    writeFileSync(
      rulesFile,
      JSON.stringify({
        default: 'legacy',
        features: [{ key: 'spaces-api', enabled: true, tenants: { allow: ['acme'], deny: [] }, salt: 'spaces-api-v1' }],
        rules: [{ match: { pathPrefix: '/api/v1/spaces' }, feature: 'spaces-api', target: 'new' }],
      }),
    );
    environment = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:converge`,
      LEGACY_BASE_URL: legacy.url,
      LEGACY_IDENTITY_SECRET: IDENTITY_SECRET,
      ROUTING_CONFIG: rulesFile,
      ROUTING_RECONCILE_MS: '200',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    };
    nodeA = await start();
    acme = await login(nodeA.baseUrl, 'acme', 'owner', 'acme-owner-password');
  });

  afterAll(async () => {
    for (const node of started) await node.close();
    await legacy.stop();
    await database.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('should hold a kill switch tripped before a node started, from its first request', async () => {
    const tripped = await call(nodeA.baseUrl, 'POST', '/api/v1/admin/routing/kill-switches', {
      token: acme.tokens.accessToken,
      body: { feature: 'spaces-api', reason: 'before node B existed' },
    });

    const nodeB = await start();
    const onB = await fetch(`${nodeB.baseUrl}/api/v1/spaces`, { headers: { authorization: `Bearer ${acme.tokens.accessToken}` } });

    expect(tripped.status).toBe(200);
    expect(await switchesOn(nodeB)).toEqual(['spaces-api@*']);
    expect(onB.headers.get('x-served-by')).toBe('legacy');
    expect(await gauge(nodeB, 'switchyard_routing_kill_switches')).toBe(1);
  });

  it('should converge on a switch and a rules version whose messages a node never received', async () => {
    const nodeC = await start();
    const versionBefore = await gauge(nodeC, 'switchyard_routing_rules_version');
    // Written as another node would have, with its broadcasts lost: only the database knows.
    const connection = await createConnection({ uri: database.url });
    try {
      await connection.query('DELETE FROM routing_kill_switches');
      await connection.query('INSERT INTO routing_kill_switches (feature, scope, reason, actor, switched_at) VALUES (?, ?, ?, ?, ?)', [
        'spaces-api',
        'tenant:someone',
        'missed message',
        'test',
        Date.now(),
      ]);
      await connection.query(
        'INSERT INTO routing_rule_sets (version, document, created_by, reason, created_at) SELECT version + 1, document, ?, ?, NOW(6) FROM routing_rule_sets ORDER BY version DESC LIMIT 1',
        ['test', 'missed message'],
      );
    } finally {
      await connection.end();
    }

    await eventually(async () => JSON.stringify(await switchesOn(nodeC)) === JSON.stringify(['spaces-api@tenant:someone']), {
      message: 'node C to take the stored switches',
    });
    await eventually(async () => (await gauge(nodeC, 'switchyard_routing_rules_version')) === versionBefore + 1, {
      message: 'node C to apply the stored rules version',
    });
    for (const node of started)
      await eventually(async () => (await gauge(node, 'switchyard_routing_rules_version')) === versionBefore + 1, {
        message: 'every node on the same version',
      });
  });

  it('should release a switch everywhere once it is released on one node, and remember the release', async () => {
    const released = await call(nodeA.baseUrl, 'DELETE', '/api/v1/admin/routing/kill-switches?feature=spaces-api&scope=tenant:someone', {
      token: acme.tokens.accessToken,
    });
    const nodeD = await start();

    for (const node of started)
      await eventually(async () => (await switchesOn(node)).length === 0, { message: 'every node to release it' });
    expect(released.status).toBe(200);
    expect(await switchesOn(nodeD)).toEqual([]);
  });
});
