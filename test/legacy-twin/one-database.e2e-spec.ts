import { ForwardedIdentity } from '@switchyard/routing-gateway';
import { createConnection } from 'mysql2/promise';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, migrateAsOperator } from '../support/databases';
import { Caller, JsonResponse, call, insertTenantWithOwner, login } from '../support/identity';
import { LegacyTwin } from '../support/legacy-twin';
import { eventually } from '../support/poll';
import { freePort } from '../support/ports';
import { ServerProcess } from '../support/server-process';
import { TcpProxy } from '../support/tcp-proxy';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

const IDENTITY_SECRET = 'identity-secret-for-the-one-database-suite-0123';
const WORKLOAD_TENANTS = ['north', 'south', 'east', 'west'];
/** Heads the exit report recorded in docs/ when RECORD_CUTOVER_REPORT is set. */
const REPORT_PREAMBLE = `<!-- Written by test/legacy-twin/one-database.e2e-spec.ts with RECORD_CUTOVER_REPORT=1; do not edit. -->

Recorded by the cut-over rehearsal (SWY-135, docs/cutover-runbook.md): \`RECORD_CUTOVER_REPORT=1 npx jest --selectProjects e2e
--testPathPatterns one-database\` on the 2-core development VM, with the Java legacy twin and two Switchyard nodes (ts-node,
development mode) on one MariaDB and four tenants under load. The rehearsal compresses the runbook's days into seconds;
latencies are those of a loaded test machine, not a benchmark.

`;
const OPERATOR = { tenant: 'acme', username: 'owner', password: 'acme-owner-password' };

/** The spaces feature with its tenant list and percentage; every other path goes to legacy. */
const routing = (feature: { allow?: string[]; percentage?: number; enabled?: boolean; target?: 'new' | 'shadow'; rollback?: boolean }) => ({
  default: 'legacy',
  features: [
    {
      key: 'spaces-api',
      enabled: feature.enabled ?? true,
      tenants: { allow: feature.allow ?? [], deny: [] },
      spaces: { allow: [], deny: [] },
      percentage: feature.percentage ?? 0,
      stickBy: 'tenant',
      salt: 'spaces-api-v1',
    },
  ],
  rules: [
    {
      match: { pathPrefix: '/api/v1/spaces' },
      feature: 'spaces-api',
      target: feature.target ?? 'new',
      fallback: 'safe',
      timeoutMs: 5000,
    },
  ],
  // The flips of the load test are the operator's: an automatic rollback would be a second hand on the switch.
  // The runbook rehearsal keeps it on, with the runbook's defaults.
  rollback: feature.rollback ? { enabled: true } : { enabled: false, windowMs: 60000, minRequests: 5, errorRateFactor: 2, p95Factor: 1.2 },
});

/** What one tenant's client did during the flips: every write it saw succeed, and anything that was not as expected. */
interface WorkloadLog {
  tenant: string;
  spaces: Map<string, { name: string; description: string }>;
  failures: string[];
  servedBy: { new: number; legacy: number };
  iterations: number;
}

/**
 * Issue 13, "prove": Switchyard and the Java twin on one MariaDB, two Switchyard nodes in their own
 * processes with migrations off (the schema belongs to an operator's migration run, standing in for
 * legacy's), and tenants moved between the sides under steady load.
 */
describe('one database, two backends: moving tenants under load', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-onedb-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let databaseProxy: TcpProxy;
  let twin: LegacyTwin;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let operator: Caller;
  const callers = new Map<string, { caller: Caller; identity: ForwardedIdentity }>();

  // Five processes start here (the migration run, the twin, two nodes on ts-node): more than a test's budget.
  const STARTUP_BUDGET_MS = 120_000;

  beforeAll(async () => {
    database = await createTestDatabase('onedb');
    await migrateAsOperator(database.url);
    // Tenants are data the legacy side already has: written straight into the shared tables, before any node starts.
    for (const tenant of [OPERATOR.tenant, ...WORKLOAD_TENANTS])
      await insertTenantWithOwner(database.url, tenant, 'owner', `${tenant}-owner-password`);
    const rulesFile = join(directory, 'routing.json');
    writeFileSync(rulesFile, JSON.stringify(routing({ allow: [] })));
    const twinPort = await freePort();
    // Node A reaches MariaDB through a hop the fallback test cuts; node B and the twin connect directly.
    const mysql = new URL(database.url);
    databaseProxy = await new TcpProxy({ host: mysql.hostname, port: Number(mysql.port || 3306) }).start();
    const throughProxy = new URL(database.url);
    throughProxy.port = String(databaseProxy.port);
    const environment = {
      DATABASE_MIGRATIONS_RUN: 'false',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:onedb`,
      LEGACY_BASE_URL: `http://127.0.0.1:${twinPort}`,
      LEGACY_IDENTITY_SECRET: IDENTITY_SECRET,
      ROUTING_CONFIG: rulesFile,
      GRPC_ENABLED: 'false',
      PLATFORM_TENANT: OPERATOR.tenant,
    };
    [twin, nodeA, nodeB] = await Promise.all([
      LegacyTwin.start({ databaseUrl: database.url, identitySecret: IDENTITY_SECRET, port: twinPort }),
      ServerProcess.start({ ...environment, DATABASE_URL: throughProxy.toString() }),
      ServerProcess.start({ ...environment, DATABASE_URL: database.url }),
    ]);
    operator = await login(nodeA.baseUrl, OPERATOR.tenant, OPERATOR.username, OPERATOR.password);
    for (const tenant of WORKLOAD_TENANTS) {
      const caller = await login(nodeB.baseUrl, tenant, 'owner', `${tenant}-owner-password`);
      const me = await call(nodeB.baseUrl, 'GET', '/api/v1/auth/me', { token: caller.tokens.accessToken });
      callers.set(tenant, { caller, identity: { tenantId: me.body.tenantId, userId: me.body.id, role: me.body.role } });
    }
  }, STARTUP_BUDGET_MS);

  afterAll(async () => {
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await twin?.stop();
    await databaseProxy?.stop();
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  /** Replaces the rules on node A with the current version in If-Match, and waits until node B runs them too. */
  async function steer(document: ReturnType<typeof routing>, reason: string): Promise<void> {
    const current = await call(nodeA.baseUrl, 'GET', '/api/v1/admin/routing', { token: operator.tokens.accessToken });
    const response = await fetch(`${nodeA.baseUrl}/api/v1/admin/routing`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${operator.tokens.accessToken}`,
        'content-type': 'application/json',
        'if-match': String(current.body.version),
        'x-change-reason': reason,
      },
      body: JSON.stringify(document),
    });
    const applied = (await response.json()) as { version: number };
    if (response.status !== 200) throw new Error(`steering (${reason}) failed: ${response.status} ${JSON.stringify(applied)}`);
    await eventually(
      async () =>
        (await call(nodeB.baseUrl, 'GET', '/api/v1/admin/routing', { token: operator.tokens.accessToken })).body.version ===
        applied.version,
      { message: `node B to run version ${applied.version} (${reason})` },
    );
  }

  /**
   * One tenant's client: create a space on one node, read it on the other, change it, read it again, then
   * change and read its long-lived home space, over and over until told to stop. Every answer is checked: the status, the JSON against what the previous step
   * returned (a change made by one side must be what the other reads), and no fallback.
   */
  async function workload(tenant: string, stop: { now: boolean }, log: WorkloadLog): Promise<void> {
    const { caller } = callers.get(tenant)!;
    const token = caller.tokens.accessToken;
    const nodes = [nodeA.baseUrl, nodeB.baseUrl];
    const expect = (step: string, response: JsonResponse, status: number, body?: unknown): boolean => {
      const servedBy = response.headers.get('x-served-by');
      if (servedBy === 'new' || servedBy === 'legacy') log.servedBy[servedBy] += 1;
      const fallback = response.headers.get('x-fallback');
      const problem =
        response.status !== status
          ? `status ${response.status} ${JSON.stringify(response.body)}`
          : fallback
            ? `fallback ${fallback}`
            : body !== undefined && JSON.stringify(response.body) !== JSON.stringify(body)
              ? `read ${JSON.stringify(response.body)}, expected ${JSON.stringify(body)}`
              : undefined;
      if (problem) log.failures.push(`${tenant} ${step} (served by ${servedBy}): ${problem}`);
      return problem === undefined;
    };
    // One space every iteration changes and reads again: a copy cached while one side served the tenant must
    // not outlive a change the other side made after a flip.
    const home = await call(nodes[0], 'POST', '/api/v1/spaces', { token, body: { name: `${tenant} home` } });
    if (!expect('POST home', home, 201)) return;
    log.spaces.set(home.body.id, { name: `${tenant} home`, description: home.body.description });
    for (let i = 0; !stop.now; i += 1) {
      const [here, there] = i % 2 === 0 ? nodes : [nodes[1], nodes[0]];
      const name = `${tenant} space ${i}`;
      const created = await call(here, 'POST', '/api/v1/spaces', { token, body: { name } });
      if (!expect(`POST ${name}`, created, 201)) continue;
      const id = created.body.id as string;
      log.spaces.set(id, { name, description: created.body.description });
      expect(`GET ${name}`, await call(there, 'GET', `/api/v1/spaces/${id}`, { token }), 200, created.body);
      const description = `revision ${i} of ${tenant}`;
      const changed = await call(here, 'PATCH', `/api/v1/spaces/${id}`, { token, body: { description } });
      if (!expect(`PATCH ${name}`, changed, 200)) continue;
      log.spaces.set(id, { name, description });
      expect(`GET ${name} after PATCH`, await call(there, 'GET', `/api/v1/spaces/${id}`, { token }), 200, changed.body);
      const homeDescription = `home at revision ${i}`;
      const homeChanged = await call(here, 'PATCH', `/api/v1/spaces/${home.body.id}`, { token, body: { description: homeDescription } });
      if (!expect(`PATCH home at ${i}`, homeChanged, 200)) continue;
      log.spaces.set(home.body.id, { name: `${tenant} home`, description: homeDescription });
      expect(`GET home at ${i}`, await call(there, 'GET', `/api/v1/spaces/${home.body.id}`, { token }), 200, homeChanged.body);
      log.iterations += 1;
    }
  }

  it('should lose, repeat or fail nothing while tenants move legacy -> new -> legacy and ramp to 100 %', async () => {
    const stop = { now: false };
    const logs = WORKLOAD_TENANTS.map((tenant): WorkloadLog => ({
      tenant,
      spaces: new Map(),
      failures: [],
      servedBy: { new: 0, legacy: 0 },
      iterations: 0,
    }));
    const running = Promise.all(logs.map((log) => workload(log.tenant, stop, log)));
    /** Until every tenant's client has had `count` answers from `side` since this call, or been through `count` iterations. */
    const servedBy = async (side: 'new' | 'legacy', count: number, phase: string) => {
      const before = logs.map((log) => ({ served: log.servedBy[side], iterations: log.iterations }));
      await eventually(
        async () =>
          logs.every((log, index) => log.servedBy[side] >= before[index].served + count && log.iterations >= before[index].iterations + 2),
        { message: `every tenant to be served by ${side} (${phase})`, timeoutMs: 30_000, intervalMs: 20 },
      );
    };

    try {
      await servedBy('legacy', 8, 'all on legacy');
      await steer(routing({ allow: WORKLOAD_TENANTS }), 'move the workload tenants to new');
      await servedBy('new', 8, 'moved to new');
      await steer(routing({ allow: [] }), 'back to legacy');
      await servedBy('legacy', 8, 'back on legacy');
      await steer(routing({ percentage: 50 }), 'ramp to 50 %');
      const atHalf = logs.map((log) => log.iterations);
      await eventually(async () => logs.every((log, index) => log.iterations >= atHalf[index] + 3), {
        message: 'every tenant to go on at 50 %',
        timeoutMs: 30_000,
        intervalMs: 20,
      });
      await steer(routing({ percentage: 100 }), 'ramp to 100 %');
      await servedBy('new', 8, 'at 100 %');
    } finally {
      stop.now = true;
      await running;
    }

    const connection = await createConnection({ uri: database.url });
    try {
      for (const log of logs) {
        const [rows] = await connection.query(
          'SELECT s.id, s.name, s.description FROM spaces s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug = ? ORDER BY s.name',
          [log.tenant],
        );
        const expected = [...log.spaces].map(([id, space]) => ({ id, ...space })).sort((a, b) => (a.name < b.name ? -1 : 1));
        expect({ tenant: log.tenant, failures: log.failures }).toEqual({ tenant: log.tenant, failures: [] });
        // Every write the client saw succeed is there once, with the last change it made: none lost, none doubled.
        expect(rows).toEqual(expected);
        expect(log.servedBy.new).toBeGreaterThan(0);
        expect(log.servedBy.legacy).toBeGreaterThan(0);
      }
    } finally {
      await connection.end();
    }
  });

  it('should replay a read to the twin when the new side loses its database, with the data the new side answers', async () => {
    await steer(routing({ percentage: 100 }), 'everyone on new');
    const { caller, identity } = callers.get('north')!;
    // Created through the twin, so no node has a cached copy: the new side must ask its database.
    const created = await twin.call('POST', '/api/v1/spaces', identity, { body: { name: 'Read while cut', description: 'fallback' } });

    databaseProxy.interrupt();
    let duringCut: JsonResponse;
    try {
      duringCut = await call(nodeA.baseUrl, 'GET', `/api/v1/spaces/${created.body.id}`, { token: caller.tokens.accessToken });
    } finally {
      databaseProxy.restore();
    }
    const afterCut = await call(nodeA.baseUrl, 'GET', `/api/v1/spaces/${created.body.id}`, { token: caller.tokens.accessToken });

    expect(created.status).toBe(201);
    expect(duringCut.status).toBe(200);
    expect(duringCut.headers.get('x-served-by')).toBe('legacy');
    expect(duringCut.headers.get('x-fallback')).toBe('new-5xx');
    expect(afterCut.status).toBe(200);
    expect(afterCut.headers.get('x-served-by')).toBe('new');
    expect(duringCut.body).toEqual(afterCut.body);
    expect(afterCut.body).toEqual(created.body);
  });

  it("should carry a role change and a session end that legacy served through the gateway into the user's Switchyard sessions (D54)", async () => {
    // Users routes follow the document's default here: legacy (the twin) serves them, through either node.
    const { caller: owner } = callers.get('south')!;
    const created = await call(nodeA.baseUrl, 'POST', '/api/v1/users', {
      token: owner.tokens.accessToken,
      body: { username: 'tess', password: 'tess-password-123', role: 'member' },
    });
    const tess = await login(nodeB.baseUrl, 'south', 'tess', 'tess-password-123');
    const me = (token: string) => call(nodeB.baseUrl, 'GET', '/api/v1/auth/me', { token });

    const demoted = await call(nodeA.baseUrl, 'PATCH', `/api/v1/users/${created.body.id}`, {
      token: owner.tokens.accessToken,
      body: { role: 'viewer' },
    });
    const withOldRole = await me(tess.tokens.accessToken);
    const refreshed = await call(nodeB.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: tess.tokens.refreshToken } });
    const withNewRole = await me(refreshed.body.accessToken);
    const ended = await call(nodeA.baseUrl, 'DELETE', `/api/v1/users/${created.body.id}/sessions`, { token: owner.tokens.accessToken });
    const afterEnd = await me(refreshed.body.accessToken);

    expect([created.status, created.headers.get('x-served-by')]).toEqual([201, 'legacy']);
    expect([demoted.status, demoted.headers.get('x-served-by'), demoted.body.role]).toEqual([200, 'legacy', 'viewer']);
    expect(withOldRole.status).toBe(401);
    expect(refreshed.status).toBe(200);
    expect(withNewRole.body).toMatchObject({ id: created.body.id, role: 'viewer' });
    expect([ended.status, ended.headers.get('x-served-by')]).toEqual([204, 'legacy']);
    expect(afterEnd.status).toBe(401);
  });

  /** `npm run cutover:report` as an operator runs it, in its own process: exit code, output and what it wrote. */
  function cutoverReport(args: string[]): Promise<{ code: number; output: string }> {
    return new Promise((resolve) =>
      execFile(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'apps/cutover-report/src/main.ts', ...args],
        {
          cwd: join(__dirname, '..', '..'),
          env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', CUTOVER_ADMIN_TOKEN: operator.tokens.accessToken },
          timeout: 60_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      ),
    );
  }

  /** Every step of docs/cutover-runbook.md for the internal tenant `north`, under load from every tenant (SWY-135). */
  it('should rehearse the cut-over runbook: north to 100 % and back with the kill switch, every exit criterion met', async () => {
    const internal = 'north';
    const baselineFile = join(directory, 'baseline.json');
    const reportFile = join(directory, 'report.md');
    const stop = { now: false };
    // The internal tenant only reads: its requests are shadowed, and a write of its own landing between legacy's
    // answer and the replay would be a difference of time, not of behaviour. The other tenants write throughout.
    const load = WORKLOAD_TENANTS.map((tenant) => ({ tenant, failures: [] as string[], servedBy: { new: 0, legacy: 0 }, requests: 0 }));
    const run = async (entry: (typeof load)[number]): Promise<void> => {
      const token = callers.get(entry.tenant)!.caller.tokens.accessToken;
      const home = await call(nodeA.baseUrl, 'POST', '/api/v1/spaces', { token, body: { name: `${entry.tenant} rehearsal` } });
      if (home.status !== 201) entry.failures.push(`POST home: ${home.status}`);
      for (let i = 0; !stop.now; i += 1) {
        const node = i % 2 === 0 ? nodeA.baseUrl : nodeB.baseUrl;
        const steps: Array<[string, string, unknown?]> = [
          ['GET', '/api/v1/spaces?limit=5'],
          ['GET', `/api/v1/spaces/${home.body.id}`],
        ];
        if (entry.tenant !== internal) steps.push(['PATCH', `/api/v1/spaces/${home.body.id}`, { description: `rehearsal ${i}` }]);
        for (const [method, path, body] of steps) {
          const response = await call(node, method, path, { token, body });
          entry.requests += 1;
          const servedBy = response.headers.get('x-served-by');
          if (servedBy === 'new' || servedBy === 'legacy') entry.servedBy[servedBy] += 1;
          if (response.status !== 200) entry.failures.push(`${method} ${path} (served by ${servedBy}): ${response.status}`);
        }
      }
    };
    const internalServedBy = async (side: 'new' | 'legacy', step: string) => {
      const entry = load.find((each) => each.tenant === internal)!;
      const before = entry.servedBy[side];
      await eventually(async () => entry.servedBy[side] >= before + 10, {
        message: `${internal} served by ${side} (${step})`,
        timeoutMs: 30_000,
        intervalMs: 20,
      });
    };
    const shadowMatches = async () => {
      let matches = 0;
      for (const node of [nodeA, nodeB]) {
        const report = await call(node.baseUrl, 'GET', '/api/v1/admin/routing/shadow-report', { token: operator.tokens.accessToken });
        for (const route of report.body.routes as Array<{ matches: number }>) matches += route.matches;
      }
      return matches;
    };

    // 0. Before you start: every node ready; a baseline of every node's metrics (steer() waits for one rules version).
    for (const node of [nodeA, nodeB]) expect((await fetch(`${node.baseUrl}/health/ready`)).status).toBe(200);
    const snapshot = await cutoverReport(['snapshot', '--node', nodeA.baseUrl, '--node', nodeB.baseUrl, '--out', baselineFile]);
    expect(snapshot).toEqual({ code: 0, output: expect.stringContaining('Baseline of 2 node(s)') });
    await steer(routing({ enabled: false, rollback: true }), 'rehearsal 1: dark launch of spaces-api');
    const running = Promise.all(load.map(run));
    try {
      // 1. Dark launch: the feature is off, everything goes to legacy.
      await internalServedBy('legacy', 'dark launch');
      // 2. Shadow for the internal tenant: legacy answers, the new side is compared.
      const matchesBefore = await shadowMatches();
      await steer(routing({ allow: [internal], target: 'shadow', rollback: true }), 'rehearsal 2: shadow north');
      await eventually(async () => (await shadowMatches()) >= matchesBefore + 20, {
        message: 'shadow comparisons of north',
        timeoutMs: 30_000,
        intervalMs: 100,
      });
      // 3. Switch the tenant, with fallback and automatic rollback on.
      await steer(routing({ allow: [internal], rollback: true }), 'rehearsal 3: switch north to new');
      await internalServedBy('new', 'switched');
      // 4. Ramp: 25 %, then 100 % of tenants.
      await steer(routing({ allow: [internal], percentage: 25, rollback: true }), 'rehearsal 4: ramp to 25 %');
      await internalServedBy('new', 'at 25 %');
      await steer(routing({ allow: [internal], percentage: 100, rollback: true }), 'rehearsal 4: ramp to 100 %');
      await internalServedBy('new', 'at 100 %');
      // 5. Roll back with the kill switch, release it, then send the feature back to legacy.
      const off = await call(nodeA.baseUrl, 'POST', '/api/v1/admin/routing/kill-switches', {
        token: operator.tokens.accessToken,
        body: { feature: 'spaces-api', reason: 'rehearsal 5: roll back with the kill switch' },
      });
      expect(off.status).toBe(200);
      await internalServedBy('legacy', 'kill switch');
      const released = await call(nodeA.baseUrl, 'DELETE', '/api/v1/admin/routing/kill-switches?feature=spaces-api', {
        token: operator.tokens.accessToken,
      });
      expect(released.status).toBe(200);
      await internalServedBy('new', 'kill switch released');
      await steer(routing({ allow: [], rollback: true }), 'rehearsal 5: spaces-api back to legacy');
      await internalServedBy('legacy', 'back to legacy');
    } finally {
      stop.now = true;
      await running;
    }

    // 6. The exit report, from every node's metrics since the baseline and the audit trail.
    const report = await cutoverReport([
      'report',
      '--baseline',
      baselineFile,
      '--feature',
      'spaces-api',
      '--node',
      nodeA.baseUrl,
      '--node',
      nodeB.baseUrl,
      '--out',
      reportFile,
    ]);
    const markdown = readFileSync(reportFile, 'utf8');
    expect(load.flatMap((entry) => entry.failures)).toEqual([]);
    expect({ code: report.code, notMet: markdown.split('\n').filter((line) => line.endsWith('| NOT met |')) }).toEqual({
      code: 0,
      notMet: [],
    });
    expect(markdown).toContain('Verdict: **every exit criterion met**');
    if (process.env.RECORD_CUTOVER_REPORT)
      writeFileSync(join(__dirname, '..', '..', 'docs', 'cutover-rehearsal-report.md'), REPORT_PREAMBLE + markdown);
    for (const step of [
      'rehearsal 2: shadow north',
      'rehearsal 4: ramp to 100 %',
      'rehearsal 5: roll back with the kill switch',
      'rehearsal 5: spaces-api back to legacy',
    ])
      expect(markdown).toContain(step);
  });
});
