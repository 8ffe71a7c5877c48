import { call, login } from '../support/identity';
import { eventually } from '../support/poll';
import { ServerProcess } from '../support/server-process';
import { ChaosReport, errorKey, operationFigures, seconds } from './support/chaos-figures';
import type { WriteFigures } from './support/chaos-figures';
import { CHAOS_ROUTING, ChaosTopology, Dependency } from './support/chaos-topology';
import { LoadAnswer, LoadOperation, SteadyLoad, isSuccess } from './support/steady-load';

/** How long each dependency stays cut while the load runs (the outage itself, not a wait for anything). */
const OUTAGE_MS = 3_000;
/** The stated recovery bound: after a restore, the affected path must answer 2xx again within this, unattended. */
const RECOVERY_BOUND_MS = 30_000;
/** What Fastify answers (return503OnClosing) to a request arriving on a kept-alive connection of a closing node. */
const CLOSING = '503 Service Unavailable';
const LOAD = { loops: 3, pauseMs: 15, maxRequests: 6_000, maxDurationMs: 90_000 };

/** `<status> <code> (<dependency>)` of answers the scenario allows on an operation; anything else not 2xx fails it. */
type Allowed = Partial<Record<string, readonly string[]>>;

interface ScenarioRun {
  answers: LoadAnswer[];
  /** From the cut (or SIGTERM) to the restore (or the restarted node serving /health/live). */
  outageMs: number;
  restoredAt: number;
  recoveredAt: number;
}

/**
 * Issue 11, chaos suite (SWY-146): steady load through nginx while each dependency is cut and restored, and
 * while one node restarts. Per scenario: no node exits, errors name the dependency, what does not need it keeps
 * answering 2xx, the affected path recovers unattended within RECOVERY_BOUND_MS, and every write answered 2xx
 * is stored exactly once (errors: at most once, or never where the scenario says the handler cannot have run).
 */
describe('two nodes behind nginx under steady load while dependencies fail', () => {
  const topology = new ChaosTopology();
  const report = new ChaosReport(topology.describe(), [
    `load: ${LOAD.loops} loops through nginx, each sending one request, waiting for the answer and ${LOAD.pauseMs} ms, cycling through six operations (below); at most ${LOAD.maxRequests} requests or ${LOAD.maxDurationMs / 1000} s per scenario`,
    'operations (as tenant acme, owner): GET a space (new side, read-through cache) and GET the list of spaces (new side, MariaDB), both falling back to legacy on a 5xx; POST a space with a unique name (new side, MariaDB); GET and POST a report (proxied to legacy); POST sql/validate with unique SQL (new side, Calcite over gRPC)',
    `each outage scenario: a baseline of 3 successes on every operation, the cut, ${OUTAGE_MS / 1000} s held once the nodes show it, the restore, the first success on the recovery path (bound ${RECOVERY_BOUND_MS / 1000} s), then 3 more successes on every operation`,
    'rolling restart: SIGTERM to node 2 under load (exit code 0 required), a rules change through node 1 while node 2 is away, node 2 started again on its port, until nginx sends it traffic',
    'writes: every POST answered 2xx must be exactly one row in MariaDB (spaces, with its membership) or one request received by legacy; an error at most one; a 503 from a closing node (no handler ran) none',
    `stated recovery bound: ${RECOVERY_BOUND_MS / 1000} s after the restore for the affected path to answer 2xx again, with no intervention`,
  ]);
  let token: string;
  let spaceId: string;

  beforeAll(async () => {
    await topology.start();
    token = (await login(topology.nginx.baseUrl, 'acme', 'owner', 'acme-owner-password')).tokens.accessToken;
    const space = await call(topology.nginx.baseUrl, 'POST', '/api/v1/spaces', { token, body: { name: 'chaos-read-target' } });
    if (space.status !== 201) throw new Error(`the space the load reads could not be made: ${space.status} ${JSON.stringify(space.body)}`);
    spaceId = space.body.id;
  }, 150_000);

  afterAll(async () => {
    report.write();
    await topology.stop();
  }, 60_000);

  /** Three reads and three writes: on the new side (MariaDB, Redis, Calcite) and proxied to legacy. */
  const operations = (label: string): LoadOperation[] => [
    { operation: 'GET space (new)', build: () => ({ method: 'GET', path: `/api/v1/spaces/${spaceId}` }) },
    // Never cached: without MariaDB the new side fails it and legacy answers instead (fallback safe).
    { operation: 'GET spaces list (new)', build: () => ({ method: 'GET', path: '/api/v1/spaces?limit=5' }) },
    {
      operation: 'POST space (new)',
      build: (sequence) => ({
        method: 'POST',
        path: '/api/v1/spaces',
        body: { name: `${label}-${sequence}` },
        name: `${label}-${sequence}`,
      }),
    },
    { operation: 'GET report (legacy)', build: () => ({ method: 'GET', path: '/api/v1/reports/weekly' }) },
    {
      operation: 'POST report (legacy)',
      build: (sequence) => ({
        method: 'POST',
        path: '/api/v1/reports',
        body: { name: `${label}-${sequence}` },
        name: `${label}-${sequence}`,
      }),
    },
    {
      operation: 'POST sql/validate (new, Calcite)',
      // Unique SQL each time: the validation cache would otherwise answer without Calcite.
      build: (sequence) => ({
        method: 'POST',
        path: `/api/v1/spaces/${spaceId}/sql/validate`,
        body: { sql: `SELECT id FROM orders WHERE id = ${sequence}` },
      }),
    },
  ];

  const firstSuccess = (answers: readonly LoadAnswer[], operation: string, since: number) =>
    answers.find((answer) => answer.operation === operation && answer.startedAt >= since && isSuccess(answer.status));

  /**
   * Baseline under load, cut, hold for OUTAGE_MS, restore, wait (with the stated bound) for the recovery path's
   * first success and then for every path to succeed again; the load is stopped and its answers returned.
   */
  const outage = async (options: {
    label: string;
    dependency: Dependency;
    /** Whether the outage shows yet (so the hold starts from a cut the nodes have noticed). */
    felt: (load: SteadyLoad, cutAt: number) => boolean | Promise<boolean>;
    during?: () => Promise<void>;
    /** End of the first success on the affected path after the restore. */
    recovered: (load: SteadyLoad, restoredAt: number) => Promise<number | undefined>;
  }): Promise<ScenarioRun> => {
    const load = new SteadyLoad(topology.nginx.baseUrl, token, operations(options.label), LOAD).start();
    let cutAt = 0;
    let restoredAt = 0;
    let recoveredAt = 0;
    try {
      await eventually(() => load.everyOperationSucceeded(3), { message: 'a baseline of successes on every path', timeoutMs: 30_000 });
      cutAt = Date.now();
      topology.cut(options.dependency);
      try {
        await eventually(() => options.felt(load, cutAt), { message: `the ${options.dependency} outage to show`, timeoutMs: 15_000 });
        await options.during?.();
        await load.keepRunning(OUTAGE_MS);
      } finally {
        topology.restore(options.dependency);
        restoredAt = Date.now();
      }
      recoveredAt = await eventually(() => options.recovered(load, restoredAt), {
        message: `the path needing ${options.dependency} to answer 2xx again`,
        timeoutMs: RECOVERY_BOUND_MS,
        intervalMs: 100,
      });
      await eventually(() => load.everyOperationSucceeded(3, recoveredAt), {
        message: 'every path to succeed after the recovery',
        timeoutMs: 30_000,
      });
    } finally {
      await load.stop();
    }
    return { answers: load.answers, outageMs: restoredAt - cutAt, restoredAt, recoveredAt };
  };

  /** Answers that are neither 2xx nor allowed for their operation, counted as `<operation>: <status> <code>` → how many. */
  const unexpected = (answers: readonly LoadAnswer[], allowed: Allowed) => {
    const counted: Record<string, number> = {};
    for (const answer of answers) {
      if (isSuccess(answer.status) || (allowed[answer.operation] ?? []).includes(errorKey(answer))) continue;
      const key = `${answer.operation}: ${errorKey(answer)}`;
      counted[key] = (counted[key] ?? 0) + 1;
    }
    return counted;
  };

  /**
   * Every write answered 2xx is exactly one row (one receipt at legacy); an error leaves at most one, and none when
   * its key is in `neverApplied` (the handler cannot have run). Returns the counts for the report.
   */
  const checkWrites = async (label: string, answers: readonly LoadAnswer[], neverApplied: readonly string[] = []) => {
    const { rows, withoutMembership } = await topology.spaces(`${label}-`);
    const received = topology.legacyWrites(`${label}-`);
    const stored: Record<string, Map<string, number>> = { 'POST space (new)': rows, 'POST report (legacy)': received };
    const wrong: string[] = [];
    const figures: Record<string, WriteFigures> = {};
    for (const [operation, counts] of Object.entries(stored)) {
      const writes = answers.filter((answer) => answer.operation === operation);
      const entry: WriteFigures = { acknowledged: 0, failedButApplied: 0, failedNotApplied: 0 };
      for (const write of writes) {
        const count = counts.get(write.name!) ?? 0;
        if (isSuccess(write.status)) {
          entry.acknowledged += 1;
          if (count !== 1) wrong.push(`${write.name}: answered ${write.status}, stored ${count} times`);
        } else {
          if (count === 0) entry.failedNotApplied += 1;
          else entry.failedButApplied += 1;
          const most = neverApplied.includes(errorKey(write)) ? 0 : 1;
          if (count > most) wrong.push(`${write.name}: answered ${errorKey(write)}, stored ${count} times`);
        }
      }
      const sent = new Set(writes.map((write) => write.name));
      for (const name of counts.keys()) if (!sent.has(name)) wrong.push(`${name}: stored but never sent`);
      figures[operation] = entry;
    }
    expect(wrong).toEqual([]);
    expect(withoutMembership).toEqual([]);
    return figures;
  };

  const record = (scenario: string, dependency: string, run: ScenarioRun, recoveryPath: string, writes: Record<string, WriteFigures>) =>
    report.add({
      scenario,
      dependency,
      outageSeconds: seconds(run.outageMs),
      requests: run.answers.length,
      operations: operationFigures(run.answers),
      recoveryPath,
      recoverySeconds: seconds(run.recoveredAt - run.restoredAt),
      writes,
    });

  const nodesStillRunning = () => topology.nodes.map((node) => node.exit);

  /** The value of an unlabelled gauge on a node's /metrics (read from the node: nginx does not pass /metrics). */
  const gauge = async (node: ServerProcess, name: string) => {
    const text = await (await fetch(`${node.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((each) => each.startsWith(`${name} `));
    return Number(line?.split(' ')[1]);
  };
  const rulesVersions = () => Promise.all(topology.nodes.map((node) => gauge(node, 'switchyard_routing_rules_version')));

  it('should answer writes 503 naming the database, keep reads and proxied traffic at 2xx, and recover when MariaDB returns', async () => {
    const label = 'chaos-database';

    const run = await outage({
      label,
      dependency: 'database',
      felt: (load, cutAt) => load.answersOf('POST space (new)', cutAt).some((answer) => answer.dependency === 'database'),
      recovered: async (load, restoredAt) => firstSuccess(load.answers, 'POST space (new)', restoredAt)?.endedAt,
    });

    const database = '503 DEPENDENCY_UNAVAILABLE (database)';
    expect(unexpected(run.answers, { 'POST space (new)': [database], 'POST sql/validate (new, Calcite)': [database] })).toEqual({});
    // Reads of the new side that failed there were answered by legacy (fallback safe), proxied traffic never noticed.
    expect(run.answers.some((answer) => answer.operation === 'GET spaces list (new)' && answer.fallback === 'new-5xx')).toBe(true);
    expect(nodesStillRunning()).toEqual([null, null]);
    record('MariaDB cut', 'database', run, 'POST space (new)', await checkWrites(label, run.answers));
  }, 120_000);

  it('should keep every request at 2xx, refuse logins with 503 naming redis, and converge on a rules change made during a Redis outage', async () => {
    const label = 'chaos-redis';
    const [nodeA] = topology.nodes as [ServerProcess, ServerProcess];
    const versionBefore = (await rulesVersions())[0]!;
    const logIn = () =>
      call(topology.nginx.baseUrl, 'POST', '/api/v1/auth/login', {
        body: { tenant: 'acme', username: 'owner', password: 'acme-owner-password' },
      });
    let refusedLogin: Awaited<ReturnType<typeof logIn>> | undefined;
    let rulesChange: Awaited<ReturnType<typeof call>> | undefined;

    const run = await outage({
      label,
      dependency: 'redis',
      felt: async () => {
        refusedLogin = await logIn();
        return refusedLogin.status === 503;
      },
      // Stored in MySQL by node A; its broadcast is lost with Redis, so node B must find it by reconciling.
      during: async () => {
        rulesChange = await call(nodeA.baseUrl, 'PUT', '/api/v1/admin/routing', { token, body: routingWithTimeout(4_500) });
        await eventually(
          async () => {
            const ready = await Promise.all(topology.nodes.map((node) => fetch(`${node.baseUrl}/health/ready`)));
            return ready.every((response) => response.status === 503);
          },
          { message: 'both nodes to report not ready while Redis is away' },
        );
      },
      recovered: async () => ((await logIn()).status === 200 ? Date.now() : undefined),
    });

    expect(unexpected(run.answers, {})).toEqual({});
    expect(refusedLogin?.body).toEqual({
      statusCode: 503,
      error: 'DEPENDENCY_UNAVAILABLE',
      message: 'redis is unavailable',
      details: { dependency: 'redis' },
    });
    expect(rulesChange?.status).toBe(200);
    await eventually(async () => (await rulesVersions()).every((version) => version === versionBefore + 1), {
      message: 'both nodes on the rules version stored during the outage',
      timeoutMs: RECOVERY_BOUND_MS,
    });
    expect(nodesStillRunning()).toEqual([null, null]);
    record('Redis cut', 'redis', run, 'POST auth/login', await checkWrites(label, run.answers));
  }, 120_000);

  it('should answer proxied requests 502 or 504 naming legacy, keep the new side at 2xx, and recover when legacy returns', async () => {
    const label = 'chaos-legacy';

    const run = await outage({
      label,
      dependency: 'legacy',
      felt: (load, cutAt) => load.answersOf('GET report (legacy)', cutAt).some((answer) => answer.code === 'LEGACY_UNAVAILABLE'),
      recovered: async (load, restoredAt) => firstSuccess(load.answers, 'GET report (legacy)', restoredAt)?.endedAt,
    });

    const legacy = ['502 LEGACY_UNAVAILABLE', '504 LEGACY_TIMEOUT'];
    expect(unexpected(run.answers, { 'GET report (legacy)': legacy, 'POST report (legacy)': legacy })).toEqual({});
    expect(nodesStillRunning()).toEqual([null, null]);
    record('legacy cut', 'legacy', run, 'GET report (legacy)', await checkWrites(label, run.answers));
  }, 120_000);

  it('should answer SQL validation 503 naming calcite, keep every other path at 2xx, and recover when the JVM returns', async () => {
    const label = 'chaos-calcite';

    const run = await outage({
      label,
      dependency: 'calcite',
      felt: (load, cutAt) => load.answersOf('POST sql/validate (new, Calcite)', cutAt).some((answer) => answer.dependency === 'calcite'),
      recovered: async (load, restoredAt) => firstSuccess(load.answers, 'POST sql/validate (new, Calcite)', restoredAt)?.endedAt,
    });

    expect(unexpected(run.answers, { 'POST sql/validate (new, Calcite)': ['503 DEPENDENCY_UNAVAILABLE (calcite)'] })).toEqual({});
    expect(nodesStillRunning()).toEqual([null, null]);
    record('JVM (Calcite) cut', 'calcite', run, 'POST sql/validate (new, Calcite)', await checkWrites(label, run.answers));
  }, 120_000);

  it('should keep reads at 2xx through a rolling restart of one node behind nginx, and take the restarted node back', async () => {
    const label = 'chaos-restart';
    const load = new SteadyLoad(topology.nginx.baseUrl, token, operations(label), LOAD).start();
    const [nodeA, nodeB] = topology.nodes as [ServerProcess, ServerProcess];
    let exitCode: number | null;
    let stoppedAt: number;
    let startedAt: number;
    let servingAt: number;
    let rulesChange: Awaited<ReturnType<typeof call>> | undefined;
    let versionAtStart: number;
    try {
      await eventually(() => load.everyOperationSucceeded(3), { message: 'a baseline of successes on every path', timeoutMs: 30_000 });
      stoppedAt = Date.now();
      exitCode = await nodeB.stop();
      // Made while node B is away: it must start on this version.
      rulesChange = await call(nodeA.baseUrl, 'PUT', '/api/v1/admin/routing', { token, body: routingWithTimeout(4_000) });
      const restarted = await topology.startNode(1);
      startedAt = Date.now();
      versionAtStart = await gauge(restarted, 'switchyard_routing_rules_version');
      // A request nginx sent the restarted node shows on the node's own /metrics.
      servingAt = await eventually(async () => ((await servedRequests(restarted)) > 0 ? Date.now() : undefined), {
        message: 'nginx to send traffic to the restarted node',
        timeoutMs: RECOVERY_BOUND_MS,
        intervalMs: 200,
      });
      await eventually(() => load.everyOperationSucceeded(3, servingAt), {
        message: 'every path to succeed after the restart',
        timeoutMs: 30_000,
      });
    } finally {
      await load.stop();
    }
    const run = { answers: load.answers, outageMs: startedAt - stoppedAt, restoredAt: startedAt, recoveredAt: servingAt };

    // A node that is closing answers new requests on kept-alive connections 503 before any handler runs; nginx retries
    // reads and refuses to retry POSTs (non-idempotent), so only writes may see it, and nginx's 502 if the node closed a
    // connection a request was already on (the client cannot know whether that one ran).
    const restartErrors = [CLOSING, '502 (non-json)'];
    expect(exitCode).toBe(0);
    expect(rulesChange?.status).toBe(200);
    expect(versionAtStart).toBe(rulesChange?.body.version);
    expect(
      unexpected(run.answers, {
        'POST space (new)': restartErrors,
        'POST report (legacy)': restartErrors,
        'POST sql/validate (new, Calcite)': restartErrors,
      }),
    ).toEqual({});
    expect(nodesStillRunning()).toEqual([null, null]);
    record('rolling restart of one node', 'node 2 (SIGTERM, then started again)', run, 'nginx sends to the restarted node', {
      ...(await checkWrites(label, run.answers, [CLOSING])),
    });
  }, 150_000);

  it('should end with no node exited unplanned, every node on the same rules version, and no 500 anywhere', async () => {
    const versions = await eventually(
      async () => {
        const read = await rulesVersions();
        return read.every((version) => version === read[0]) ? read : undefined;
      },
      { message: 'every node on one rules version', timeoutMs: RECOVERY_BOUND_MS },
    );
    const latest = (await call(topology.nodes[0]!.baseUrl, 'GET', '/api/v1/admin/routing', { token })).body.version;

    // The one process that ended is the node the restart stopped (exit 0, checked there).
    expect(topology.processes.map((node) => node.exit)).toEqual([null, 0, null]);
    expect(versions).toEqual([latest, latest]);
    const logged = topology.processes.flatMap((node) => node.jsonLines());
    expect(logged.filter((line) => String(line.msg ?? '').startsWith('Unhandled promise rejection'))).toEqual([]);
    expect(logged.filter((line) => Number(line.level) >= 60)).toEqual([]);
  });
});

/** The chaos routing with another timeout on its rule: a harmless change that makes a new rules version. */
function routingWithTimeout(timeoutMs: number) {
  return { ...CHAOS_ROUTING, rules: CHAOS_ROUTING.rules.map((rule) => ({ ...rule, timeoutMs })) };
}

/** Requests a node served on the paths the load uses, by its own /metrics. */
async function servedRequests(node: ServerProcess): Promise<number> {
  const text = await (await fetch(`${node.baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('http_request_duration_seconds_count{') && line.includes('route="/api/v1/spaces'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}
