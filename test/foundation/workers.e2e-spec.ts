import { get } from 'node:http';
import { createTestDatabase } from '../support/databases';
import { checkGrpcHealth } from '../support/grpc-clients';
import { eventually } from '../support/poll';
import { ServerProcess } from '../support/server-process';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

/**
 * A GET on a connection of its own, so the cluster's round-robin gets to pick a worker for it. With a
 * deadline: a connection handed to a worker at the moment it is killed is never answered.
 */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, timeout: 2_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 2 s`)));
    request.on('error', reject);
  });
}

const METRICS_TOKEN = 'metrics-token-of-the-workers-suite-0123456789';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('WORKERS=2: several worker processes on one port', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase('workers');
    server = await ServerProcess.start({
      WORKERS: '2',
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:workers`,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '5000',
      // Checked by the worker that takes the scrape, before it asks the primary for the sum.
      METRICS_ACCESS: 'token',
      METRICS_TOKEN,
    });
  }, 90_000);

  afterAll(async () => {
    await server.stop();
    await database.drop();
  });

  const servingPids = () =>
    new Set(
      server
        .jsonLines()
        .filter((line) => line.msg === 'GET /health/ready 200')
        .map((line) => line.pid as number),
    );

  it('should spread connections over both workers and count their requests together in /metrics, for the bearer of METRICS_TOKEN', async () => {
    const statuses: number[] = [];
    const ready = async () => statuses.push(await getOnNewConnection(`${server.baseUrl}/health/ready`));

    // The server counts as up once one worker answers; the other may still be starting.
    await eventually(async () => (await ready()) > 0 && servingPids().size === 2, { message: 'both workers to serve', timeoutMs: 45_000 });
    for (let index = 0; index < 10; index += 1) await ready();
    const metrics = await (await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const anonymous = await fetch(`${server.baseUrl}/metrics`);

    expect(statuses.every((status) => status === 200)).toBe(true);
    const count = new RegExp(
      `^http_request_duration_seconds_count\\{method="GET",route="/health/ready",status_code="200",served_by="new"\\} ${statuses.length}$`,
      'm',
    );
    expect(metrics).toMatch(count);
    expect(anonymous.status).toBe(401);
  }, 60_000);

  it('should serve platform gRPC from every worker on the one GRPC_PORT, as HTTP shares PORT', async () => {
    const listening = () => server.jsonLines().filter((line) => String(line.msg).startsWith('platform.v1.PlatformService listening on '));

    await eventually(() => new Set(listening().map((line) => line.pid)).size === 2, {
      message: 'both workers to serve gRPC',
      timeoutMs: 45_000,
    });
    const answers = await eventually(
      async () => {
        const statuses = await Promise.all(Array.from({ length: 6 }, () => checkGrpcHealth(server.grpcPort)));
        return statuses.every((status) => status === 'SERVING') ? statuses : undefined;
      },
      { message: 'grpc.health.v1.Health to answer SERVING on every connection' },
    );

    expect(new Set(listening().map((line) => String(line.msg).split(' ')[3]))).toEqual(new Set([`127.0.0.1:${server.grpcPort}`]));
    expect(answers).toEqual(Array(6).fill('SERVING'));
  }, 60_000);

  it('should replace a worker that dies and keep serving', async () => {
    const [victim] = [...servingPids()];

    process.kill(victim!, 'SIGKILL');
    await eventually(
      async () => {
        await getOnNewConnection(`${server.baseUrl}/health/ready`).catch(() => 0);
        return [...servingPids()].some((pid) => pid !== victim && !isAlive(victim!) && isAlive(pid)) && servingPids().size >= 3;
      },
      { message: 'a new worker to serve in place of the killed one', timeoutMs: 45_000, intervalMs: 200 },
    );
    expect(server.jsonLines().some((line) => /^Worker \d+ exited \(SIGKILL\)/.test(String(line.msg)))).toBe(true);
  }, 60_000);

  it('should drain every worker on SIGTERM and exit 0', async () => {
    const workers = [...servingPids()].filter(isAlive);

    const code = await server.stop();

    expect(code).toBe(0);
    expect(workers.filter(isAlive)).toEqual([]);
  });
});
