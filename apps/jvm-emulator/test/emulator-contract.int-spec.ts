import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS } from '@switchyard/common';
import { join } from 'node:path';
import { JavaJvmServer, emulatorTarget, javaTarget, startedOnce } from '../../../test/support/jvm-java';
import { freePort } from '../../../test/support/ports';
import type { ContractTarget, EmulatorTarget, JavaTarget, ReadTask } from '../../../test/support/jvm-java';
import { eventually } from '../../../test/support/poll';
import { loadJvmProtos } from '../src';
import type { CalciteServiceClient, SubmitTaskRequest, SyncServiceClient, SyncTask, UnaryMethod } from '../src';

// The calcite.v1/seatunnel.v1 contract the bridge relies on, run against both servers: the Node emulator (simulated
// tasks on a fake clock, SQL parsed by node-sql-parser) and apps/jvm-java (grpc-java; SQL prepared on MariaDB, tasks
// copying rows between two real MariaDB databases). What only one of them does is tested below the shared part.

const TASK_DURATION_MS = 1000;
const CALL_DEADLINE_MS = 5000;

type ClientConstructorOf = new (address: string, credentials: grpc.ChannelCredentials) => grpc.Client;

/** Calls one RPC the way an application would, through a real channel, and settles with its answer. */
function unary<Request, Response>(client: grpc.Client, method: UnaryMethod<Request, Response>, request: Request): Promise<Response> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + CALL_DEADLINE_MS;
    method.call(client, request, new grpc.Metadata(), { deadline }, (error, response) =>
      error ? reject(error) : resolve(response as Response),
    );
  });
}

/** The error a call failed with, so a test can act first and assert afterwards. */
function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (response) => ({ unexpectedResponse: response }),
    (error: unknown) => error,
  );
}

const emulator = startedOnce(() => emulatorTarget(TASK_DURATION_MS));
const java = startedOnce(javaTarget);

const orders = (target: ContractTarget) => target.orders();

describe.each([
  ['the Node emulator', emulator as () => Promise<ContractTarget>],
  ['the Java server (grpc-java on MariaDB)', java as () => Promise<ContractTarget>],
])('calcite.v1 and seatunnel.v1 contract, served by %s', (_name, start) => {
  const openClients: grpc.Client[] = [];
  let target: ContractTarget;
  let calcite: CalciteServiceClient;
  let sync: SyncServiceClient;

  const connectCalcite = (options: Partial<grpc.ChannelOptions> = {}, address = target.server.address): CalciteServiceClient => {
    const client = new (loadJvmProtos().calcite.Client)(address, grpc.credentials.createInsecure(), options);
    openClients.push(client);
    return client;
  };

  const parseSql = (sql: string, dialect = '') => unary(calcite, calcite.ParseSQL, { sql, dialect });
  const submit = (request: SubmitTaskRequest) => unary(sync, sync.SubmitTask, request);
  /** The task SubmitTask answers (both servers always send it along with the id). */
  const submitTask = async (task: Partial<SyncTask>, extra: Omit<SubmitTaskRequest, 'task'> = {}): Promise<SyncTask> =>
    (await submit({ task, ...extra })).task!;
  const getTaskStatus = async (taskId: string): Promise<SyncTask> => (await unary(sync, sync.GetTaskStatus, { taskId })).task!;
  const cancel = (taskId: string) => unary(sync, sync.CancelTask, { taskId });
  const cancelTask = async (taskId: string): Promise<SyncTask> => (await cancel(taskId)).task!;

  beforeAll(async () => {
    target = await start();
    calcite = connectCalcite();
    sync = new (loadJvmProtos().seatunnel.Client)(target.server.address, grpc.credentials.createInsecure());
    openClients.push(sync);
  });

  afterEach(async () => {
    await target.afterEach();
    await target.server.reset();
  });

  afterAll(() => {
    for (const client of openClients) client.close();
  });

  describe('ParseSQL', () => {
    it('should answer the statement type and the tables of a valid statement', async () => {
      const sql = 'SELECT o.id, c.name FROM orders o JOIN crm.customers c ON c.id = o.customer_id';

      const response = await parseSql(sql);

      expect(response).toEqual({
        normalizedSql: sql,
        rawSql: sql,
        valid: true,
        statementType: 'SELECT',
        tables: ['orders', 'crm.customers'],
        errors: [],
      });
    });

    it('should answer a syntax error with its 1-based line and column', async () => {
      const response = await parseSql('SELECT id\nFROM orders\nWHERE id = = 3');

      expect(response).toEqual({
        normalizedSql: 'SELECT id FROM orders WHERE id = = 3',
        rawSql: 'SELECT id\nFROM orders\nWHERE id = = 3',
        valid: false,
        statementType: '',
        tables: [],
        errors: [{ line: 3, column: 12, message: 'Unexpected "="' }],
      });
    });

    it('should refuse what MySQL does not have in the mysql dialect, at its position', async () => {
      const response = await parseSql("SELECT id FROM users WHERE name ILIKE 'a%'", 'mysql');

      expect(response).toMatchObject({ valid: false, errors: [{ line: 1, column: 33 }] });
    });

    it('should answer empty SQL as invalid', async () => {
      const response = await unary(calcite, calcite.ParseSQL, {});

      expect(response).toEqual({
        normalizedSql: '',
        rawSql: '',
        valid: false,
        statementType: '',
        tables: [],
        errors: [{ line: 1, column: 1, message: 'SQL is empty' }],
      });
    });
  });

  describe('ValidateSQL', () => {
    it('should answer the same analysis as ParseSQL', async () => {
      const sql = `UPDATE ${target.schema}.stock SET quantity = 0 WHERE sku = 1`;

      const response = await unary(calcite, calcite.ValidateSQL, { sql, dialect: 'mysql', defaultSchema: target.schema });

      expect(response).toEqual({
        valid: true,
        message: '',
        normalizedSql: sql,
        statementType: 'UPDATE',
        tables: [`${target.schema}.stock`],
        errors: [],
      });
    });

    it('should answer an invalid statement with its error location', async () => {
      const response = await unary(calcite, calcite.ValidateSQL, { sql: '  SELECT *\n  FROM ' });

      expect(response).toEqual({
        valid: false,
        message: 'Unexpected end of SQL',
        normalizedSql: 'SELECT * FROM',
        statementType: '',
        tables: [],
        errors: [{ line: 2, column: 8, message: 'Unexpected end of SQL' }],
      });
    });
  });

  describe('SubmitTask', () => {
    it('should create a pending task and answer its id and every field of SyncTask', async () => {
      const task = orders(target);
      const before = target.now();

      const response = await submit({ task, tableMapping: {} });

      expect(response.taskId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.task).toEqual({
        id: response.taskId,
        name: 'orders',
        source: task.source,
        target: task.target,
        status: 'PENDING',
        progress: 0,
        rowsRead: 0,
        rowsWritten: 0,
        error: '',
        createdAtMs: expect.any(Number),
        startedAtMs: 0,
        finishedAtMs: 0,
      });
      expect(response.task!.createdAtMs).toBeGreaterThanOrEqual(before);
      expect(response.task!.createdAtMs).toBeLessThanOrEqual(target.now());
    });

    it('should return the same task for the same idempotency key', async () => {
      const task = orders(target);
      const first = await submitTask(task, { idempotencyKey: 'contract-key' });

      const again = await submitTask(task, { idempotencyKey: 'contract-key' });

      expect(again.id).toBe(first.id);
    });

    it('should answer INVALID_ARGUMENT naming the missing fields', async () => {
      const failure = await failureOf(submitTask({ name: 'orders', source: 'mysql://a/db.orders' }));

      expect(failure).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'target is required' });
    });
  });

  describe('GetTaskStatus', () => {
    it('should follow a task from PENDING through RUNNING to SUCCEEDED', async () => {
      const { task, tableMapping } = target.twoTables();
      await target.hold();
      const { id, createdAtMs } = await submitTask(task, { tableMapping });
      const running = await target.running(id, getTaskStatus);

      const succeeded = await target.finished(id, getTaskStatus);

      expect(running).toMatchObject({ status: 'RUNNING', finishedAtMs: 0 });
      expect(running.startedAtMs).toBeGreaterThanOrEqual(createdAtMs);
      expect(running.progress).toBeLessThan(100);
      expect(succeeded).toMatchObject({
        status: 'SUCCEEDED',
        progress: 100,
        rowsRead: 2000,
        rowsWritten: 2000,
        error: '',
        startedAtMs: running.startedAtMs,
      });
      expect(succeeded.finishedAtMs).toBeGreaterThanOrEqual(running.startedAtMs);
    });

    it('should end a task that cannot read its source ("will_fail") as FAILED with an error naming it', async () => {
      const { id, createdAtMs } = await submitTask(target.failing());

      const failed = await target.finished(id, getTaskStatus);

      expect(failed).toMatchObject({ status: 'FAILED', error: expect.stringContaining('will_fail') });
      expect(failed.finishedAtMs).toBeGreaterThanOrEqual(createdAtMs);
    });

    it('should answer NOT_FOUND for an unknown id', async () => {
      const failure = await failureOf(getTaskStatus('no-such-task'));

      expect(failure).toMatchObject({ code: grpc.status.NOT_FOUND, details: 'Task "no-such-task" not found' });
    });
  });

  describe('CancelTask', () => {
    it('should cancel a running task and keep it cancelled', async () => {
      await target.hold();
      const { id } = await submitTask(orders(target));
      const running = await target.running(id, getTaskStatus);

      const response = await cancel(id);
      await target.release();
      const later = await getTaskStatus(id);

      expect(response).toMatchObject({ success: true, message: '' });
      const cancelled = response.task!;
      expect(cancelled).toMatchObject({ id, status: 'CANCELLED', startedAtMs: running.startedAtMs });
      expect(cancelled.finishedAtMs).toBeGreaterThanOrEqual(running.startedAtMs);
      expect(later).toEqual(cancelled);
    });

    it('should return a finished task unchanged', async () => {
      const { id } = await submitTask(orders(target));
      const succeeded = await target.finished(id, getTaskStatus);

      const response = await cancel(id);

      expect(succeeded.status).toBe('SUCCEEDED');
      expect(response).toEqual({ success: false, message: 'Task already SUCCEEDED', task: succeeded });
    });

    it('should answer NOT_FOUND for an unknown id', async () => {
      const failure = await failureOf(cancelTask('no-such-task'));

      expect(failure).toMatchObject({ code: grpc.status.NOT_FOUND, details: 'Task "no-such-task" not found' });
    });
  });

  describe('failNext', () => {
    it('should answer the chosen status to the next call only', async () => {
      await target.server.failNext(1, grpc.status.UNAVAILABLE);

      const failure = await failureOf(parseSql('SELECT 1'));
      const next = await parseSql('SELECT 1');

      expect(failure).toMatchObject({ code: grpc.status.UNAVAILABLE, details: expect.stringMatching(/^Injected UNAVAILABLE \(/) });
      expect(next.valid).toBe(true);
    });

    it('should fail only the named service, as many times as asked', async () => {
      await target.server.failNext(2, grpc.status.RESOURCE_EXHAUSTED, 'seatunnel');

      const parsed = await parseSql('SELECT 1');
      const firstFailure = await failureOf(getTaskStatus('no-such-task'));
      const secondFailure = await failureOf(submitTask(orders(target)));
      const third = await submitTask(orders(target));

      expect(parsed.valid).toBe(true);
      expect(firstFailure).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
      expect(secondFailure).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
      expect(third.status).toBe('PENDING');
    });
  });

  describe('calls', () => {
    it('should record every call, failed ones included, with its service, method and peer', async () => {
      await target.server.failNext(1, grpc.status.INTERNAL, 'calcite');

      const failure = await failureOf(parseSql('SELECT 1'));
      await unary(calcite, calcite.ValidateSQL, { sql: 'SELECT 1' });
      await submitTask(orders(target));

      expect(failure).toMatchObject({ code: grpc.status.INTERNAL });
      expect(await target.server.calls()).toEqual([
        { service: 'calcite', method: 'ParseSQL', peer: expect.stringContaining('127.0.0.1') },
        { service: 'calcite', method: 'ValidateSQL', peer: expect.stringContaining('127.0.0.1') },
        { service: 'seatunnel', method: 'SubmitTask', peer: expect.stringContaining('127.0.0.1') },
      ]);
    });

    it('should tell client connections apart by their peer', async () => {
      // Without a local subchannel pool grpc-js would share one connection between the two clients.
      const first = connectCalcite({ 'grpc.use_local_subchannel_pool': 1 });
      const second = connectCalcite({ 'grpc.use_local_subchannel_pool': 1 });

      await unary(first, first.ParseSQL, { sql: 'SELECT 1' });
      await unary(first, first.ParseSQL, { sql: 'SELECT 2' });
      await unary(second, second.ParseSQL, { sql: 'SELECT 3' });

      const peers = (await target.server.calls()).map((call) => call.peer);
      expect(peers[0]).toBe(peers[1]);
      expect(peers[2]).not.toBe(peers[0]);
    });
  });

  describe('stop', () => {
    it('should stop answering once stopped', async () => {
      const standalone = await target.standalone();
      const client = connectCalcite({}, standalone.address);
      await unary(client, client.ParseSQL, { sql: 'SELECT 1' });

      await standalone.stop();
      const failure = await failureOf(unary(client, client.ParseSQL, { sql: 'SELECT 1' }));

      expect(failure).toMatchObject({ code: grpc.status.UNAVAILABLE });
    });
  });
});

describe('the Node emulator only: simulated tasks on its clock, other dialects parsed', () => {
  let target: EmulatorTarget;
  let calcite: CalciteServiceClient;
  let sync: SyncServiceClient;

  beforeAll(async () => {
    target = await emulator();
    calcite = new (loadJvmProtos().calcite.Client)(target.server.address, grpc.credentials.createInsecure());
    sync = new (loadJvmProtos().seatunnel.Client)(target.server.address, grpc.credentials.createInsecure());
  });

  afterAll(() => {
    calcite.close();
    sync.close();
  });

  it('should parse with the requested dialect', async () => {
    const sql = "SELECT id FROM users WHERE name ILIKE 'a%'";

    const postgres = await unary(calcite, calcite.ParseSQL, { sql, dialect: 'postgresql' });

    expect(postgres).toMatchObject({ valid: true, tables: ['users'] });
  });

  it('should start a task a tenth into its duration and report progress of the running time as an integer percentage', async () => {
    const { task } = await unary(sync, sync.SubmitTask, {
      task: target.orders(),
      tableMapping: { orders: 'orders', customers: 'customers' },
    });
    target.clock.advance(TASK_DURATION_MS / 2);

    const running = (await unary(sync, sync.GetTaskStatus, { taskId: task!.id })).task!;
    target.clock.advance(TASK_DURATION_MS / 2);
    const succeeded = (await unary(sync, sync.GetTaskStatus, { taskId: task!.id })).task!;

    expect(running).toMatchObject({ status: 'RUNNING', startedAtMs: task!.createdAtMs + 100 });
    // 4/9 of the running time is 44 %.
    expect(running.progress).toBe(44);
    expect(succeeded).toMatchObject({ finishedAtMs: task!.createdAtMs + TASK_DURATION_MS, rowsWritten: 2000 });
  });
});

describe('the Java server only: names resolved in the catalog, rows really copied, MariaDB statements killed', () => {
  let target: JavaTarget;
  let calcite: CalciteServiceClient;
  let sync: SyncServiceClient;
  const read: ReadTask = async (taskId) => (await unary(sync, sync.GetTaskStatus, { taskId })).task!;

  beforeAll(async () => {
    target = await java();
    calcite = new (loadJvmProtos().calcite.Client)(target.server.address, grpc.credentials.createInsecure());
    sync = new (loadJvmProtos().seatunnel.Client)(target.server.address, grpc.credentials.createInsecure());
  });

  afterEach(() => target.afterEach());

  afterAll(() => {
    calcite.close();
    sync.close();
  });

  it('should find an unknown column on ValidateSQL, where it is, while ParseSQL only checks the syntax', async () => {
    const sql = 'SELECT id,\n  colour FROM orders';

    const validated = await unary(calcite, calcite.ValidateSQL, { sql, defaultSchema: target.schema });
    const parsed = await unary(calcite, calcite.ParseSQL, { sql });

    expect(validated).toMatchObject({
      valid: false,
      message: "Unknown column 'colour' in 'SELECT'",
      errors: [{ line: 2, column: 3, message: "Unknown column 'colour' in 'SELECT'" }],
    });
    expect(parsed).toMatchObject({ valid: true, statementType: 'SELECT', tables: ['orders'], errors: [] });
  });

  it('should find an unknown table in the default schema', async () => {
    const response = await unary(calcite, calcite.ValidateSQL, {
      sql: 'SELECT * FROM stock JOIN invoices USING (sku)',
      defaultSchema: target.schema,
    });

    expect(response).toMatchObject({
      valid: false,
      errors: [{ line: 1, column: 26, message: `Table '${target.schema}.invoices' doesn't exist` }],
    });
  });

  it('should answer INVALID_ARGUMENT for a dialect MariaDB does not speak and for an unknown default schema', async () => {
    const dialect = await failureOf(unary(calcite, calcite.ParseSQL, { sql: 'SELECT 1', dialect: 'postgresql' }));
    const schema = await failureOf(unary(calcite, calcite.ValidateSQL, { sql: 'SELECT 1', defaultSchema: `${target.schema}_missing` }));

    expect(dialect).toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringContaining('"postgresql" is not supported'),
    });
    expect(schema).toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: `default_schema "${target.schema}_missing" does not exist`,
    });
  });

  it('should copy every row into target tables it creates', async () => {
    const { task, tableMapping } = target.twoTables();
    const { id } = (await unary(sync, sync.SubmitTask, { task, tableMapping })).task!;

    const finished = await target.finished(id, read);

    expect(finished).toMatchObject({ status: 'SUCCEEDED', rowsWritten: 2000 });
    expect(await target.databases.targetRows(tableMapping.orders)).toBe(1200);
    expect(await target.databases.targetRows(tableMapping.customers)).toBe(800);
  });

  it('should kill the statement a cancelled task waits on, and write nothing', async () => {
    await target.hold();
    const task = target.orders();
    const { id } = (await unary(sync, sync.SubmitTask, { task })).task!;
    await target.running(id, read);
    await eventually(async () => (await target.databases.readersWaitingOnSource()) === 1, { message: 'the task to wait on the lock' });

    const cancelled = await unary(sync, sync.CancelTask, { taskId: id });
    // The source tables are still locked: only a killed statement stops waiting.
    await eventually(async () => (await target.databases.readersWaitingOnSource()) === 0, { message: 'the waiting read to be killed' });
    await target.release();

    expect(cancelled.task).toMatchObject({ status: 'CANCELLED', rowsWritten: 0 });
    expect(await target.databases.targetRows(task.target!.split('.').pop()!)).toBeUndefined();
  });

  it('should answer a client generated from the origin contract alone (D47), in the origin fields', async () => {
    const origin = grpc.loadPackageDefinition(
      loadSync(['calcite.proto', 'seatunnel.proto'], {
        ...PROTO_LOADER_OPTIONS,
        includeDirs: [join(__dirname, '..', '..', '..', 'libs', 'jvm-bridge', 'test', 'fixtures', 'origin')],
      }),
    ) as unknown as Record<string, Record<string, Record<string, ClientConstructorOf>>>;
    const originCalcite = new origin.calcite.v1.CalciteService(target.server.address, grpc.credentials.createInsecure());
    const originSync = new origin.seatunnel.v1.SyncService(target.server.address, grpc.credentials.createInsecure());
    const call = (client: grpc.Client, method: string, request: object) =>
      unary(client, (client as unknown as Record<string, UnaryMethod<object, Record<string, unknown>>>)[method], request);

    await target.hold();
    try {
      const parsed = await call(originCalcite, 'ParseSQL', { sql: ' SELECT  id FROM orders ' });
      const validated = await call(originCalcite, 'ValidateSQL', { sql: 'SELECT colour FROM orders' });
      const submitted = await call(originSync, 'SubmitTask', { task: target.orders() });
      const followed = await call(originSync, 'GetTaskStatus', { taskId: submitted.taskId });
      const cancelled = await call(originSync, 'CancelTask', { taskId: submitted.taskId });

      expect(parsed).toEqual({ normalizedSql: 'SELECT id FROM orders', rawSql: ' SELECT  id FROM orders ' });
      expect(validated).toEqual({
        valid: false,
        message: "Unknown column 'colour' in 'SELECT'",
        normalizedSql: 'SELECT colour FROM orders',
      });
      expect(submitted.taskId).toMatch(/^[0-9a-f-]{36}$/);
      expect(followed.task).toMatchObject({ id: submitted.taskId, name: 'orders', status: expect.stringMatching(/^(PENDING|RUNNING)$/) });
      expect(cancelled).toEqual({ success: true, message: '' });
    } finally {
      originCalcite.close();
      originSync.close();
    }
  });

  it('should answer UNAVAILABLE naming the catalog while its database cannot be reached', async () => {
    const unreachable = await JavaJvmServer.start({ catalogUrl: `mysql://root@127.0.0.1:${await freePort()}/catalog` });
    const client = new (loadJvmProtos().calcite.Client)(unreachable.address, grpc.credentials.createInsecure());

    try {
      const failure = await failureOf(unary(client, client.ValidateSQL, { sql: 'SELECT 1' }));

      expect(failure).toMatchObject({
        code: grpc.status.UNAVAILABLE,
        details: expect.stringMatching(/^The catalog database 127\.0\.0\.1:\d+\/catalog is unavailable/),
      });
    } finally {
      client.close();
      await unreachable.stop();
    }
  });

  it('should refuse a source or target that is not a MariaDB address', async () => {
    const failure = await failureOf(
      unary(sync, sync.SubmitTask, { task: { name: 'orders', source: target.orders().source, target: 'doris://b/dw.orders' } }),
    );

    expect(failure).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringContaining('target must be mysql://') });
  });
});
