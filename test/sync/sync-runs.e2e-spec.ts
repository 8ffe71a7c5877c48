import { JvmEmulator } from '../../apps/jvm-emulator/src';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, login } from '../support/identity';
import { EmulatorUnderTest, javaTarget } from '../support/jvm-java';
import type { JvmServerUnderTest } from '../support/jvm-java';
import { TEST_REDIS_URL, runId } from '../support/test-environment';
import { TestSocket } from '../support/ws-client';

/** SeaTunnel for these tests, with where the job's two datasources point and how to keep a run from finishing. */
interface SyncBackend {
  server: JvmServerUnderTest;
  datasource: { host: string; port: number; source: string; target: string };
  /** Settings the app needs to reach the datasources (the Java server connects to them for real). */
  environment: Record<string, string>;
  hold(): Promise<void>;
  release(): Promise<void>;
  close(): Promise<void>;
}

async function emulatedSeaTunnel(): Promise<SyncBackend> {
  // Real time: a task takes 1.5 s, long enough to cancel a run right after starting it.
  const server = await EmulatorUnderTest.start(new JvmEmulator({ taskDurationMs: 1_500 }));
  return {
    server,
    datasource: { host: '10.20.0.5', port: 3306, source: 'shop', target: 'shop' },
    environment: {},
    hold: async () => undefined,
    release: async () => undefined,
    close: () => server.stop(),
  };
}

async function javaSeaTunnel(): Promise<SyncBackend> {
  const target = await javaTarget();
  return {
    server: target.server,
    // The task carries no credentials (mysql://host:port/db): the Java server uses its SEATUNNEL_DATABASE_USER, root here.
    datasource: { host: '127.0.0.1', port: 3306, source: target.databases.source.name, target: target.databases.target.name },
    environment: { DATASOURCE_HOST_ALLOW: '127.0.0.1' },
    hold: () => target.databases.lock(),
    release: () => target.databases.unlock(),
    close: () => target.close(),
  };
}

describe.each([
  ['emulated', emulatedSeaTunnel],
  ['on the Java server, copying MariaDB rows', javaSeaTunnel],
])('sync jobs and runs on SeaTunnel (%s), pushed over WebSocket', (_name, startBackend) => {
  let backend: SyncBackend;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let running: RunningApp;
  let owner: Caller;
  let spaceId: string;
  let otherSpaceId: string;
  let sourceId: string;
  let targetId: string;
  let foreignDatasourceId: string;
  let socket: TestSocket;

  const api = (method: string, path: string, body?: unknown) =>
    call(running.baseUrl, method, path, { token: owner.tokens.accessToken, body });
  const datasource = async (space: string, name: string, database: 'source' | 'target' = 'source') =>
    (
      await api('POST', `/api/v1/spaces/${space}/datasources`, {
        name,
        type: 'mysql',
        host: backend.datasource.host,
        port: backend.datasource.port,
        database: backend.datasource[database],
        username: 'reader',
        password: 'secret-pass',
      })
    ).body.id as string;
  const createJob = (name: string, overrides: object = {}) =>
    api('POST', `/api/v1/spaces/${spaceId}/sync-jobs`, {
      name,
      sourceDatasourceId: sourceId,
      targetDatasourceId: targetId,
      tableMapping: { orders: 'dw_orders' },
      ...overrides,
    });
  const startRun = (jobId: string, key?: string) =>
    fetch(`${running.baseUrl}/api/v1/spaces/${spaceId}/sync-jobs/${jobId}/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.tokens.accessToken}`, ...(key ? { 'idempotency-key': key } : {}) },
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { id: string; status: string } }));

  beforeAll(async () => {
    backend = await startBackend();
    database = await createTestDatabase('sync');
    running = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:sync`,
      JVM_SEATUNNEL_ADDRESS: backend.server.address,
      ...backend.environment,
      SCHEDULER_JOBS: JSON.stringify([{ name: 'sync-run-poller', cron: '* * * * * *', lockTtlMs: 900 }]),
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    owner = await login(running.baseUrl, 'acme', 'owner', 'acme-owner-password');
    spaceId = (await api('POST', '/api/v1/spaces', { name: 'Warehouse' })).body.id;
    otherSpaceId = (await api('POST', '/api/v1/spaces', { name: 'Other' })).body.id;
    [sourceId, targetId, foreignDatasourceId] = await Promise.all([
      datasource(spaceId, 'shop'),
      datasource(spaceId, 'warehouse', 'target'),
      datasource(otherSpaceId, 'elsewhere'),
    ]);
    socket = await TestSocket.connect(`${running.baseUrl.replace('http', 'ws')}/ws`, { token: owner.tokens.accessToken });
    socket.send('subscribe', { topic: `space:${spaceId}` });
    await socket.next();
  });

  afterAll(async () => {
    socket.close();
    await running.close();
    await backend.release();
    await backend.close();
    await database.drop();
  });

  describe('jobs', () => {
    it('should refuse a datasource of another space as 404 and an invalid cron as 400 naming the field', async () => {
      const foreign = await createJob('foreign', { sourceDatasourceId: foreignDatasourceId });
      const badCron = await createJob('bad cron', { cron: 'every night' });

      expect(foreign.status).toBe(404);
      expect(badCron).toMatchObject({
        status: 400,
        body: { details: [{ field: 'cron', reason: expect.stringContaining('cron expression') }] },
      });
    });

    it('should create, list and read a job', async () => {
      const created = await createJob('orders nightly', { cron: '0 2 * * *' });
      const listed = await api('GET', `/api/v1/spaces/${spaceId}/sync-jobs`);

      expect(created.body).toMatchObject({ name: 'orders nightly', cron: '0 2 * * *', tableMapping: { orders: 'dw_orders' } });
      expect(listed.body.map((job: { id: string }) => job.id)).toContain(created.body.id);
    });
  });

  describe('runs', () => {
    it('should return the same run for the same Idempotency-Key, and push its way to succeeded', async () => {
      const job = (await createJob('orders hourly')).body;

      const first = await startRun(job.id, 'run-key-1');
      const again = await startRun(job.id, 'run-key-1');
      const statuses: string[] = [];
      while (!statuses.includes('succeeded')) {
        const message = await socket.next();
        const data = message.data as { id: string; status: string };
        if (message.event === 'sync-run.status' && data.id === first.body.id) statuses.push(data.status);
      }
      const final = await api('GET', `/api/v1/spaces/${spaceId}/sync-jobs/${job.id}/runs/${first.body.id}`);

      expect([first.status, again.status]).toEqual([202, 202]);
      expect(again.body.id).toBe(first.body.id);
      expect(statuses[statuses.length - 1]).toBe('succeeded');
      expect(final.body).toMatchObject({ status: 'succeeded', rowsWritten: expect.any(Number) });
      expect(final.body.rowsWritten).toBeGreaterThan(0);
    });

    it('should cancel a running run', async () => {
      const job = (await createJob('orders cancel')).body;
      await backend.hold();
      const started = await startRun(job.id);

      const cancelled = await api('POST', `/api/v1/spaces/${spaceId}/sync-jobs/${job.id}/runs/${started.body.id}/cancel`);
      const again = await api('POST', `/api/v1/spaces/${spaceId}/sync-jobs/${job.id}/runs/${started.body.id}/cancel`);
      await backend.release();

      expect(cancelled.body.status).toBe('cancelled');
      expect(again).toMatchObject({ status: 409, body: { error: 'SYNC_RUN_FINISHED' } });
    });

    it('should sum up the runs of the last 24 hours', async () => {
      const stats = await api('GET', `/api/v1/spaces/${spaceId}/sync-jobs/stats`);

      expect(stats.status).toBe(200);
      expect(stats.body).toMatchObject({ windowHours: 24, runsByStatus: { succeeded: 1, cancelled: 1 }, successRate: 1 });
      expect(stats.body.p95DurationMs).toBeGreaterThan(0);
    });
  });
});
