import * as grpc from '@grpc/grpc-js';
import { JvmEmulator, loadJvmProtos } from '../src';
import type { CalciteServiceClient, SubmitTaskRequest, SyncServiceClient, SyncTask, UnaryMethod } from '../src';

const START_MS = 1_700_000_000_000;
const TASK_DURATION_MS = 1000;
const CALL_DEADLINE_MS = 5000;

class FakeClock {
  nowMs = START_MS;

  readonly read = (): number => this.nowMs;

  advance(milliseconds: number): void {
    this.nowMs += milliseconds;
  }
}

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

const orders: Partial<SyncTask> = { name: 'orders', source: 'mysql://a/db.orders', target: 'doris://b/dw.orders' };

describe(JvmEmulator.name, () => {
  const clock = new FakeClock();
  const emulator = new JvmEmulator({ clock: clock.read, taskDurationMs: TASK_DURATION_MS });
  const openClients: grpc.Client[] = [];
  let address: string;
  let calcite: CalciteServiceClient;
  let sync: SyncServiceClient;

  const connectCalcite = (options: Partial<grpc.ChannelOptions> = {}): CalciteServiceClient => {
    const client = new (loadJvmProtos().calcite.Client)(address, grpc.credentials.createInsecure(), options);
    openClients.push(client);
    return client;
  };

  const parseSql = (sql: string, dialect = '') => unary(calcite, calcite.ParseSQL, { sql, dialect });
  const submit = (request: SubmitTaskRequest) => unary(sync, sync.SubmitTask, request);
  /** The task SubmitTask answers (the emulator always sends it along with the id). */
  const submitTask = async (task: Partial<SyncTask>, extra: Omit<SubmitTaskRequest, 'task'> = {}): Promise<SyncTask> =>
    (await submit({ task, ...extra })).task!;
  const getTaskStatus = async (taskId: string): Promise<SyncTask> => (await unary(sync, sync.GetTaskStatus, { taskId })).task!;
  const cancel = (taskId: string) => unary(sync, sync.CancelTask, { taskId });
  const cancelTask = async (taskId: string): Promise<SyncTask> => (await cancel(taskId)).task!;

  beforeAll(async () => {
    address = `127.0.0.1:${await emulator.start(0)}`;
    calcite = connectCalcite();
    sync = new (loadJvmProtos().seatunnel.Client)(address, grpc.credentials.createInsecure());
    openClients.push(sync);
  });

  afterEach(() => {
    emulator.reset();
  });

  afterAll(async () => {
    for (const client of openClients) client.close();
    await emulator.stop();
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

    it('should parse with the requested dialect', async () => {
      const sql = "SELECT id FROM users WHERE name ILIKE 'a%'";

      const postgres = await parseSql(sql, 'postgresql');
      const mysql = await parseSql(sql, 'mysql');

      expect(postgres).toMatchObject({ valid: true, tables: ['users'] });
      expect(mysql).toMatchObject({ valid: false, errors: [{ line: 1, column: 33 }] });
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
      const request = { sql: 'UPDATE warehouse.stock SET quantity = 0 WHERE sku = 1', dialect: 'mysql', defaultSchema: 'warehouse' };

      const response = await unary(calcite, calcite.ValidateSQL, request);

      expect(response).toEqual({
        valid: true,
        message: '',
        normalizedSql: request.sql,
        statementType: 'UPDATE',
        tables: ['warehouse.stock'],
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
      const response = await submit({ task: orders, tableMapping: { orders: 'orders' } });

      expect(response.taskId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.task).toEqual({
        id: response.taskId,
        name: 'orders',
        source: 'mysql://a/db.orders',
        target: 'doris://b/dw.orders',
        status: 'PENDING',
        progress: 0,
        rowsRead: 0,
        rowsWritten: 0,
        error: '',
        createdAtMs: clock.nowMs,
        startedAtMs: 0,
        finishedAtMs: 0,
      });
    });

    it('should return the same task for the same idempotency key', async () => {
      const first = await submitTask(orders, { idempotencyKey: 'contract-key' });

      const again = await submitTask(orders, { idempotencyKey: 'contract-key' });

      expect(again.id).toBe(first.id);
    });

    it('should answer INVALID_ARGUMENT naming the missing fields', async () => {
      const failure = await failureOf(submitTask({ name: 'orders', source: 'mysql://a/db.orders' }));

      expect(failure).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'target is required' });
    });
  });

  describe('GetTaskStatus', () => {
    it('should follow a task from PENDING through RUNNING to SUCCEEDED as the clock moves', async () => {
      const { id, createdAtMs } = await submitTask(orders, { tableMapping: { orders: 'orders', customers: 'customers' } });
      clock.advance(TASK_DURATION_MS / 2);
      const running = await getTaskStatus(id);
      clock.advance(TASK_DURATION_MS / 2);

      const succeeded = await getTaskStatus(id);

      expect(running).toMatchObject({ status: 'RUNNING', startedAtMs: createdAtMs + 100, finishedAtMs: 0 });
      // The wire carries an integer percentage: 4/9 of the running time is 44 %.
      expect(running.progress).toBe(44);
      expect(succeeded).toMatchObject({
        status: 'SUCCEEDED',
        progress: 100,
        rowsRead: 2000,
        rowsWritten: 2000,
        error: '',
        startedAtMs: createdAtMs + 100,
        finishedAtMs: createdAtMs + TASK_DURATION_MS,
      });
    });

    it('should end a task whose source mentions "fail" as FAILED with an error', async () => {
      const { id, createdAtMs } = await submitTask({ ...orders, source: 'mysql://a/db.will_fail' });
      clock.advance(TASK_DURATION_MS);

      const failed = await getTaskStatus(id);

      expect(failed).toMatchObject({
        status: 'FAILED',
        finishedAtMs: createdAtMs + TASK_DURATION_MS,
        error: expect.stringContaining('will_fail'),
      });
    });

    it('should answer NOT_FOUND for an unknown id', async () => {
      const failure = await failureOf(getTaskStatus('no-such-task'));

      expect(failure).toMatchObject({ code: grpc.status.NOT_FOUND, details: 'Task "no-such-task" not found' });
    });
  });

  describe('CancelTask', () => {
    it('should cancel a running task and keep it cancelled', async () => {
      const { id, createdAtMs } = await submitTask(orders);
      clock.advance(TASK_DURATION_MS / 2);

      const response = await cancel(id);
      clock.advance(TASK_DURATION_MS);
      const later = await getTaskStatus(id);

      expect(response).toMatchObject({ success: true, message: '' });
      const cancelled = response.task;
      expect(cancelled).toMatchObject({
        id,
        status: 'CANCELLED',
        startedAtMs: createdAtMs + 100,
        finishedAtMs: createdAtMs + TASK_DURATION_MS / 2,
      });
      expect(later).toEqual(cancelled);
    });

    it('should return a finished task unchanged', async () => {
      const { id } = await submitTask(orders);
      clock.advance(TASK_DURATION_MS);
      const succeeded = await getTaskStatus(id);

      const response = await cancel(id);

      expect(response).toEqual({ success: false, message: 'Task already SUCCEEDED', task: succeeded });
    });

    it('should answer NOT_FOUND for an unknown id', async () => {
      const failure = await failureOf(cancelTask('no-such-task'));

      expect(failure).toMatchObject({ code: grpc.status.NOT_FOUND, details: 'Task "no-such-task" not found' });
    });
  });

  describe('failNext', () => {
    it('should answer the chosen status to the next call only', async () => {
      emulator.failNext(1, grpc.status.UNAVAILABLE);

      const failure = await failureOf(parseSql('SELECT 1'));
      const next = await parseSql('SELECT 1');

      expect(failure).toMatchObject({ code: grpc.status.UNAVAILABLE, details: 'Injected UNAVAILABLE (JvmEmulator.failNext)' });
      expect(next.valid).toBe(true);
    });

    it('should fail only the named service, as many times as asked', async () => {
      emulator.failNext(2, grpc.status.RESOURCE_EXHAUSTED, 'seatunnel');

      const parsed = await parseSql('SELECT 1');
      const firstFailure = await failureOf(getTaskStatus('no-such-task'));
      const secondFailure = await failureOf(submitTask(orders));
      const third = await submitTask(orders);

      expect(parsed.valid).toBe(true);
      expect(firstFailure).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
      expect(secondFailure).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
      expect(third.status).toBe('PENDING');
    });
  });

  describe('calls', () => {
    it('should record every call, failed ones included, with its service, method and peer', async () => {
      emulator.failNext(1, grpc.status.INTERNAL, 'calcite');

      const failure = await failureOf(parseSql('SELECT 1'));
      await unary(calcite, calcite.ValidateSQL, { sql: 'SELECT 1' });
      await submitTask(orders);

      expect(failure).toMatchObject({ code: grpc.status.INTERNAL });
      expect(emulator.calls).toEqual([
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

      const peers = emulator.calls.map((call) => call.peer);
      expect(peers[0]).toBe(peers[1]);
      expect(peers[2]).not.toBe(peers[0]);
    });
  });

  describe('stop', () => {
    it('should stop answering once stopped', async () => {
      const standalone = new JvmEmulator();
      const port = await standalone.start(0);
      const client = new (loadJvmProtos().calcite.Client)(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      openClients.push(client);
      await unary(client, client.ParseSQL, { sql: 'SELECT 1' });

      await standalone.stop();
      const failure = await failureOf(unary(client, client.ParseSQL, { sql: 'SELECT 1' }));

      expect(failure).toMatchObject({ code: grpc.status.UNAVAILABLE });
    });
  });
});
