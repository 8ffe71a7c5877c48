import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { call, login } from '../support/identity';
import { LegacyStandIn } from '../support/legacy-stand-in';
import { TEST_REDIS_URL, runId } from '../support/test-environment';
import { TestSocket } from '../support/ws-client';

const PROMTOOL = process.env.PROMTOOL_BINARY ?? '/usr/bin/promtool';
const DEPLOY = join(__dirname, '..', '..', 'deploy');
const ALERTS = join(DEPLOY, 'prometheus', 'switchyard-alerts.yml');
const DASHBOARD = join(DEPLOY, 'grafana', 'switchyard-dashboard.json');

/** The metric names a text of PromQL mentions (ours and the process metrics; `up` is Prometheus' own). */
const metricNamesIn = (text: string): string[] => [...new Set(text.match(/\b(?:switchyard|http|nodejs|process)_[a-z0-9_]+/g) ?? [])];

/** A series name's family as the exposition declares it: histograms are declared without _bucket, _sum, _count. */
const familyOf = (name: string, families: Set<string>): string | undefined =>
  families.has(name) ? name : [...families].find((family) => name.replace(/_(bucket|sum|count)$/, '') === family);

/** Prometheus' own linter over what a scrape gets: what operators' tooling will say about our metrics. */
function promtool(args: string[], input?: string): { status: number | null; output: string } {
  const result = spawnSync(PROMTOOL, args, { input, encoding: 'utf8' });
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
      GRPC_PORT: '0',
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
    expect(promtool(['check', 'metrics'], text)).toEqual({ status: 0, output: '' });
  });

  it('should count what WebSocket clients send and how long queries waited for a pool connection', async () => {
    const owner = await login(node.baseUrl, 'acme', 'owner', 'acme-owner-password');
    const socket = await TestSocket.connect(`${node.baseUrl.replace('http', 'ws')}/ws`, { token: owner.tokens.accessToken });
    socket.send('ping');
    expect(await socket.next()).toEqual({ event: 'pong' });
    socket.socket.send('not json');
    expect((await socket.next()).event).toBe('error');
    socket.send('no-such-event');
    expect((await socket.next()).event).toBe('error');
    socket.close();
    await socket.closed;

    const text = await (await fetch(`${node.baseUrl}/metrics`)).text();

    expect(text).toMatch(/^switchyard_ws_messages_received_total\{outcome="dispatched"\} [1-9]/m);
    expect(text).toMatch(/^switchyard_ws_messages_received_total\{outcome="invalid"\} 1$/m);
    expect(text).toMatch(/^switchyard_ws_messages_received_total\{outcome="unknown-event"\} 1$/m);
    // The login read the account through the pool: at least one timed acquisition, none failed.
    expect(text).toMatch(/^switchyard_db_pool_acquire_seconds_count\{outcome="acquired"\} [1-9]/m);
    expect(text).not.toMatch(/^switchyard_db_pool_acquire_seconds_count\{outcome="error"\}/m);
  });

  it('should ship alert rules that promtool accepts', () => {
    const checked = promtool(['check', 'rules', ALERTS]);

    expect(checked.status).toBe(0);
    expect(checked.output).toContain('SUCCESS');
  });

  it('should expose every metric the alert rules and the dashboard query', async () => {
    const text = await (await fetch(`${node.baseUrl}/metrics`)).text();
    const families = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]!));
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
    const queried = [
      ...metricNamesIn(readFileSync(ALERTS, 'utf8')),
      ...dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => metricNamesIn(target.expr))),
    ];

    const missing = [...new Set(queried)].filter((name) => familyOf(name, families) === undefined).sort();

    expect(queried.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});
