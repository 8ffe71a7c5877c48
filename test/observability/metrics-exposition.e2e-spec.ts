import { spawnSync } from 'node:child_process';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { call, login } from '../support/identity';
import { LegacyStandIn } from '../support/legacy-stand-in';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

const PROMTOOL = process.env.PROMTOOL_BINARY ?? '/usr/bin/promtool';

/** Prometheus' own linter over what a scrape gets: what operators' tooling will say about our metrics. */
function promtoolCheck(text: string): { status: number | null; output: string } {
  const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (result.error) throw new Error(`promtool could not run (${PROMTOOL}; .ci/run installs Debian's prometheus): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('/metrics as Prometheus reads it (MariaDB, Redis, a legacy stand-in)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let node: RunningApp;
  const legacy = new LegacyStandIn();

  beforeAll(async () => {
    database = await createTestDatabase('metrics');
    await legacy.start();
    node = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:metrics`,
      LEGACY_BASE_URL: legacy.url,
      METRICS_ACCESS: 'open',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
  });

  afterAll(async () => {
    await node?.close();
    await legacy.stop();
    await database?.drop();
  });

  it('should pass promtool check metrics with every family in use (HTTP, routing, cache)', async () => {
    const owner = await login(node.baseUrl, 'acme', 'owner', 'acme-owner-password');
    await call(node.baseUrl, 'GET', '/api/v1/reports/weekly', { token: owner.tokens.accessToken });
    await call(node.baseUrl, 'GET', '/health/ready');

    const text = await (await fetch(`${node.baseUrl}/metrics`)).text();

    expect(text).toMatch(/^http_request_duration_seconds_count\{.*served_by="legacy"\} [1-9]/m);
    expect(text).toMatch(/^switchyard_routing_decisions_total\{target="legacy",/m);
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
  });
});
