import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, migrateAsOperator } from '../support/databases';
import { Caller, call, insertTenantWithOwner, login } from '../support/identity';
import { LegacyStandIn } from '../support/legacy-stand-in';
import { eventually } from '../support/poll';
import { ServerProcess } from '../support/server-process';
import { TcpProxy } from '../support/tcp-proxy';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

const IDENTITY_SECRET = 'identity-secret-for-the-database-outage-suite-0123';

/**
 * Issue 11, found 1 (SWY-140): with automatic rollback on, a MariaDB outage under traffic used to end the
 * process (an audit insert rejected where nobody handled it). The node runs in its own process here, so
 * an exit would show as one.
 */
describe('a node through a MariaDB outage with automatic rollback on', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-db-outage-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy;
  let legacy: LegacyStandIn;
  let node: ServerProcess;
  let acme: Caller;
  let globex: Caller;

  beforeAll(async () => {
    database = await createTestDatabase('outage');
    await migrateAsOperator(database.url);
    await insertTenantWithOwner(database.url, 'acme', 'owner', 'acme-owner-password');
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    legacy = await new LegacyStandIn().start();
    const mysql = new URL(database.url);
    proxy = await new TcpProxy({ host: mysql.hostname, port: Number(mysql.port || 3306) }).start();
    const throughProxy = new URL(database.url);
    throughProxy.port = String(proxy.port);
    const rulesFile = join(directory, 'routing.json');
    writeFileSync(
      rulesFile,
      JSON.stringify({
        default: 'legacy',
        features: [{ key: 'spaces-api', enabled: true, tenants: { allow: ['acme'], deny: [] }, percentage: 0, salt: 'spaces-api-v1' }],
        rules: [{ match: { pathPrefix: '/api/v1/spaces' }, feature: 'spaces-api', target: 'new', fallback: 'safe', timeoutMs: 5000 }],
        rollback: { enabled: true, windowMs: 60000, minRequests: 5 },
      }),
    );
    node = await ServerProcess.start({
      DATABASE_URL: throughProxy.toString(),
      DATABASE_MIGRATIONS_RUN: 'false',
      DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:db-outage`,
      LEGACY_BASE_URL: legacy.url,
      LEGACY_IDENTITY_SECRET: IDENTITY_SECRET,
      ROUTING_CONFIG: rulesFile,
      PLATFORM_TENANT: 'acme',
      GRPC_ENABLED: 'false',
    });
    acme = await login(node.baseUrl, 'acme', 'owner', 'acme-owner-password');
    // Logged in, but no request of globex's has been routed yet: this node has not looked its tenant up.
    globex = await login(node.baseUrl, 'globex', 'boss', 'globex-boss-password');
  }, 90_000);

  afterAll(async () => {
    await node?.stop();
    await legacy?.stop();
    await proxy?.stop();
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('should keep serving, answer from legacy, route a tenant it has not looked up by id, switch the failing tenant off without its audit, and come back', async () => {
    const before = await call(node.baseUrl, 'GET', '/api/v1/spaces', { token: acme.tokens.accessToken });
    proxy.interrupt();
    const duringOutage = [];
    let unseenTenant;
    try {
      unseenTenant = await call(node.baseUrl, 'GET', '/api/v1/spaces', { token: globex.tokens.accessToken });
      for (let index = 0; index < 12; index += 1)
        duringOutage.push(await call(node.baseUrl, 'GET', '/api/v1/spaces', { token: acme.tokens.accessToken }));
      await eventually(async () => node.jsonLines().some((line) => line.msg === 'Routing change not audited'), {
        message: 'the automatic rollback to give up its audit while the database is away',
      });
    } finally {
      proxy.restore();
    }
    const live = await fetch(`${node.baseUrl}/health/live`);
    await eventually(async () => (await fetch(`${node.baseUrl}/health/ready`)).status === 200, { message: 'readiness to recover' });
    const view = await call(node.baseUrl, 'GET', '/api/v1/admin/routing', { token: acme.tokens.accessToken });
    const afterOutage = await call(node.baseUrl, 'GET', '/api/v1/spaces', { token: acme.tokens.accessToken });

    // Every client answer came from legacy: first as the fallback of the new side's 503, then by the kill switch.
    expect(duringOutage.map((response) => [response.status, response.headers.get('x-served-by')])).toEqual(
      duringOutage.map(() => [200, 'legacy']),
    );
    expect(before.headers.get('x-served-by')).toBe('new');
    expect(duringOutage[0].headers.get('x-fallback')).toBe('new-5xx');
    expect([unseenTenant.status, unseenTenant.headers.get('x-served-by')]).toEqual([200, 'legacy']);
    expect(live.status).toBe(200);
    expect(view.body.killSwitches).toEqual([expect.objectContaining({ feature: 'spaces-api', scope: expect.stringMatching(/^tenant:/) })]);
    expect(afterOutage.headers.get('x-served-by')).toBe('legacy');
    expect(node.jsonLines().filter((line) => String(line.msg ?? '').startsWith('Unhandled promise rejection'))).toEqual([]);
  });
});
