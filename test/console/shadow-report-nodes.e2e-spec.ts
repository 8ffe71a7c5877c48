import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, login } from '../support/identity';
import { LegacyStandIn } from '../support/legacy-stand-in';
import { eventually } from '../support/poll';
import { ProbeModule } from '../support/probe.module';
import { DisposableRedis } from '../support/redis-server';

const RULES = {
  default: 'legacy',
  features: [{ key: 'probe', enabled: true, tenants: { allow: ['acme'], deny: [] }, salt: 'probe-v1' }],
  rules: [{ match: { pathPattern: '/api/v1/probe/shadowed' }, feature: 'probe', target: 'shadow' }],
  shadow: { ignorePaths: ['**.generatedAt'], maxConcurrency: 4, sampleSize: 10, maxDifferences: 20 },
};

/** Issue 14: the console reads one shadow report for every node, through Redis; with Redis away, the node's own, marked partial. */
describe('shadow report shared by every node', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-shadow-nodes-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: DisposableRedis;
  let legacy: LegacyStandIn;
  let nodeA: RunningApp;
  let nodeB: RunningApp;
  let acme: Caller;

  const reportOf = async (node: RunningApp) =>
    (await call(node.baseUrl, 'GET', '/api/v1/admin/routing/shadow-report', { token: acme.tokens.accessToken })).body;
  const mismatchesIn = (report: { routes: Array<{ route: string; mismatches: number }> }) =>
    report.routes.find((route) => route.route === '/api/v1/probe/shadowed')?.mismatches ?? 0;
  const shadowedOn = (node: RunningApp) => fetch(`${node.baseUrl}/api/v1/probe/shadowed`, { headers: acme.headers });

  beforeAll(async () => {
    database = await createTestDatabase('shadownodes');
    redis = await DisposableRedis.start();
    legacy = await new LegacyStandIn().start();
    legacy.handler = () => ({ body: { value: 1, generatedAt: 'yesterday', items: [{ id: 1, label: 'legacy' }] } });
    const rulesFile = join(directory, 'routing.json');
    writeFileSync(rulesFile, JSON.stringify(RULES));
    const environment = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'shadownodes',
      REDIS_CONNECT_TIMEOUT_MS: '300',
      SESSION_CHECK_CACHE_MS: '0',
      LEGACY_BASE_URL: legacy.url,
      LEGACY_IDENTITY_SECRET: 'identity-secret-for-the-shadow-nodes-suite-01',
      ROUTING_CONFIG: rulesFile,
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    };
    nodeA = await startApp(environment, { imports: [ProbeModule] });
    nodeB = await startApp(environment, { imports: [ProbeModule] });
    acme = await login(nodeA.baseUrl, 'acme', 'owner', 'acme-owner-password');
  });

  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await redis?.stop();
    await legacy?.stop();
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  it("should add up both nodes' comparisons and samples, whichever node answers", async () => {
    await shadowedOn(nodeA);
    await shadowedOn(nodeB);

    const fromA = await eventually(
      async () => {
        const report = await reportOf(nodeA);
        return mismatchesIn(report) === 2 && report.samples.length === 2 ? report : undefined;
      },
      { message: "node A's report to count node B's mismatch too" },
    );
    const fromB = await reportOf(nodeB);

    expect(fromA).toMatchObject({ scope: 'cluster', nodes: 2, partial: false });
    expect(fromA.samples.map((sample: { legacyBody: { text: string } }) => JSON.parse(sample.legacyBody.text).items[0].label)).toEqual([
      'legacy',
      'legacy',
    ]);
    expect([fromB.scope, mismatchesIn(fromB), fromB.samples.length]).toEqual(['cluster', 2, 2]);
  });

  it("should answer the node's own report marked partial while Redis is down, and write what it missed once Redis is back", async () => {
    await redis.stop();
    await shadowedOn(nodeA);
    const local = await eventually(
      async () => {
        const report = await reportOf(nodeA);
        return mismatchesIn(report) === 2 ? report : undefined;
      },
      { message: "node A's own report to count its comparison made while Redis is down" },
    );

    await redis.resume();
    // The resumed redis-server starts empty: sessions are gone (log in again), and what is counted is what node A kept and retried.
    acme = await eventually(() => login(nodeA.baseUrl, 'acme', 'owner', 'acme-owner-password'), { message: 'a login once Redis is back' });
    const shared = await eventually(
      async () => {
        const report = await reportOf(nodeA);
        return report.scope === 'cluster' && !report.partial && mismatchesIn(report) === 1 ? report : undefined;
      },
      { message: 'node A to write the comparison it kept while Redis was away', timeoutMs: 15_000 },
    );

    expect(local).toMatchObject({
      scope: 'node',
      nodes: 1,
      partial: true,
      problem: "redis is unavailable: this is the answering node's report only",
    });
    expect(shared).toMatchObject({
      scope: 'cluster',
      nodes: 1,
      partial: false,
      samples: [expect.objectContaining({ path: '/api/v1/probe/shadowed' })],
    });
  });
});
