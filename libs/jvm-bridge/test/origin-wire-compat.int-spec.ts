import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { MethodDefinition, PackageDefinition } from '@grpc/proto-loader';
import { Logger } from '@nestjs/common';
import { Clock, PROTO_LOADER_OPTIONS, protoDirectory } from '@switchyard/common';
import { MetricsRegistry } from '@switchyard/observability';
import { join } from 'node:path';
import { CalciteClient } from '../src/calcite.client';
import { JvmConfig } from '../src/config/jvm.config';
import { JvmMetrics } from '../src/grpc/jvm.metrics';
import { SeaTunnelClient } from '../src/seatunnel.client';

// Design decision D47: proto/calcite.proto and proto/seatunnel.proto keep every field of the origin
// contract (../shared/reference/jvm-origin-contract.md, transcribed in fixtures/origin/) at its
// number and type and only add fields. A message one side encodes must decode on the other side
// with the same value in every origin field.

const ORIGIN_DIRECTORY = join(__dirname, 'fixtures', 'origin');
const PROTO_FILES = ['calcite.proto', 'seatunnel.proto'];

const load = (directory: string): PackageDefinition =>
  loadSync(
    PROTO_FILES.map((file) => join(directory, file)),
    PROTO_LOADER_OPTIONS,
  );

const origin = load(ORIGIN_DIRECTORY);
const ours = load(protoDirectory());

type Method = MethodDefinition<object, object>;

function method(definition: PackageDefinition, service: string, name: string): Method {
  const methods = definition[service] as unknown as Record<string, Method>;
  return methods[name]!;
}

/** The part of `decoded` that `shape` describes: the same keys, recursively into nested messages. */
function projectOnto(shape: unknown, decoded: unknown): unknown {
  if (Array.isArray(shape) || shape === null || typeof shape !== 'object') return decoded;
  if (decoded === null || typeof decoded !== 'object') return decoded;
  const source = decoded as Record<string, unknown>;
  return Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, projectOnto(value, source[key])]));
}

const ORIGIN_TASK = {
  id: 't-1',
  name: 'orders',
  source: 'mysql://a/db.orders',
  target: 'doris://b/dw.orders',
  status: 'RUNNING',
  progress: 42,
};
const SWITCHYARD_TASK = {
  ...ORIGIN_TASK,
  rowsRead: 420,
  rowsWritten: 410,
  error: 'none yet',
  createdAtMs: 1_700_000_000_000,
  startedAtMs: 1_700_000_000_100,
  finishedAtMs: 1_700_000_000_900,
};
const SQL_ERROR = { line: 2, column: 7, message: 'Unexpected "="' };

interface Case {
  service: string;
  method: string;
  /** A message with every origin field set, as a peer generated from the origin protos sends it. */
  origin: object;
  /** A message with every field of our proto set; its origin fields must be what the origin side reads. */
  ours: object;
}

interface RpcCase {
  service: string;
  method: string;
  request: Omit<Case, 'service' | 'method'>;
  response: Omit<Case, 'service' | 'method'>;
}

const RPCS: RpcCase[] = [
  {
    service: 'calcite.v1.CalciteService',
    method: 'ParseSQL',
    request: { origin: { sql: 'SELECT 1' }, ours: { sql: 'SELECT 1', dialect: 'mysql' } },
    response: {
      origin: { normalizedSql: 'SELECT id FROM t', rawSql: ' SELECT id\nFROM t ' },
      ours: {
        normalizedSql: 'SELECT id FROM t',
        rawSql: ' SELECT id\nFROM t ',
        valid: true,
        statementType: 'SELECT',
        tables: ['t'],
        errors: [SQL_ERROR],
      },
    },
  },
  {
    service: 'calcite.v1.CalciteService',
    method: 'ValidateSQL',
    request: { origin: { sql: 'SELECT 1' }, ours: { sql: 'SELECT 1', dialect: 'mysql', defaultSchema: 'dw' } },
    response: {
      origin: { valid: true, message: 'looks fine', normalizedSql: 'SELECT 1' },
      ours: {
        valid: true,
        message: 'looks fine',
        normalizedSql: 'SELECT 1',
        statementType: 'SELECT',
        tables: ['dw.t'],
        errors: [SQL_ERROR],
      },
    },
  },
  {
    service: 'seatunnel.v1.SyncService',
    method: 'SubmitTask',
    request: {
      origin: { task: ORIGIN_TASK },
      ours: { task: SWITCHYARD_TASK, tableMapping: { orders: 'orders_copy' }, idempotencyKey: 'k-1' },
    },
    response: { origin: { taskId: 't-1' }, ours: { taskId: 't-1', task: SWITCHYARD_TASK } },
  },
  {
    service: 'seatunnel.v1.SyncService',
    method: 'GetTaskStatus',
    request: { origin: { taskId: 't-1' }, ours: { taskId: 't-1' } },
    response: { origin: { task: ORIGIN_TASK }, ours: { task: SWITCHYARD_TASK } },
  },
  {
    service: 'seatunnel.v1.SyncService',
    method: 'CancelTask',
    request: { origin: { taskId: 't-1' }, ours: { taskId: 't-1' } },
    response: {
      origin: { success: true, message: 'cancelled' },
      ours: { success: true, message: 'cancelled', task: { ...SWITCHYARD_TASK, status: 'CANCELLED' } },
    },
  },
];

const CASES = RPCS.flatMap((rpc) => [
  { name: `${rpc.method} request`, direction: 'request' as const, rpc, messages: rpc.request },
  { name: `${rpc.method} response`, direction: 'response' as const, rpc, messages: rpc.response },
]);

function codec(definition: PackageDefinition, rpc: RpcCase, direction: 'request' | 'response') {
  const definitionOfMethod = method(definition, rpc.service, rpc.method);
  return direction === 'request'
    ? { encode: definitionOfMethod.requestSerialize, decode: definitionOfMethod.requestDeserialize }
    : { encode: definitionOfMethod.responseSerialize, decode: definitionOfMethod.responseDeserialize };
}

describe('Wire compatibility with the origin contract (D47)', () => {
  it('should serve the same services and methods at the same paths', () => {
    const paths = (definition: PackageDefinition) =>
      ['calcite.v1.CalciteService', 'seatunnel.v1.SyncService'].flatMap((service) =>
        Object.values(definition[service] as unknown as Record<string, Method>).map((rpc) => rpc.path),
      );

    expect(paths(ours)).toEqual(paths(origin));
  });

  it.each(CASES)('$name: origin-encoded decodes with ours to the same origin fields', ({ rpc, direction, messages }) => {
    const bytes = codec(origin, rpc, direction).encode(messages.origin);

    const decoded = codec(ours, rpc, direction).decode(bytes);

    expect(projectOnto(messages.origin, decoded)).toEqual(messages.origin);
  });

  it.each(CASES)('$name: ours-encoded decodes with the origin to the same origin fields', ({ rpc, direction, messages }) => {
    const bytes = codec(ours, rpc, direction).encode(messages.ours);

    const decoded = codec(origin, rpc, direction).decode(bytes);

    // Every case's origin message holds the origin fields of its Switchyard message, so that is what the origin side must read.
    expect(decoded).toEqual(messages.origin);
  });
});

/** A server generated from the origin protos only: no Switchyard fields in anything it answers. */
class OriginServer {
  readonly tasks = new Map<string, typeof ORIGIN_TASK>();
  private readonly server = new grpc.Server();

  constructor() {
    const packages = grpc.loadPackageDefinition(origin) as unknown as {
      calcite: { v1: { CalciteService: grpc.ServiceClientConstructor } };
      seatunnel: { v1: { SyncService: grpc.ServiceClientConstructor } };
    };
    type Handler<Request> = (call: { request: Request }, callback: grpc.sendUnaryData<object>) => void;
    const found = (id: string, callback: grpc.sendUnaryData<object>, answer: (task: typeof ORIGIN_TASK) => object) => {
      const task = this.tasks.get(id);
      if (!task) return callback({ code: grpc.status.NOT_FOUND, details: `Task ${id} not found` });
      callback(null, answer(task));
    };
    const validate: Handler<{ sql: string }> = ({ request }, callback) =>
      callback(null, { valid: request.sql.startsWith('SELECT'), message: '', normalizedSql: request.sql.trim() });
    const submit: Handler<{ task: typeof ORIGIN_TASK }> = ({ request }, callback) => {
      const id = `origin-${this.tasks.size + 1}`;
      this.tasks.set(id, { ...request.task, id, status: 'QUEUED_IN_ORIGIN', progress: 50 });
      callback(null, { taskId: id });
    };
    const getStatus: Handler<{ taskId: string }> = ({ request }, callback) => found(request.taskId, callback, (task) => ({ task }));
    const cancel: Handler<{ taskId: string }> = ({ request }, callback) =>
      found(request.taskId, callback, (task) => {
        task.status = 'CANCELLED';
        return { success: true, message: 'cancelled' };
      });
    this.server.addService(packages.calcite.v1.CalciteService.service, {
      ParseSQL: ((_call, callback) => callback(null, { normalizedSql: 'SELECT 1', rawSql: 'SELECT 1' })) as Handler<object>,
      ValidateSQL: validate,
    } as grpc.UntypedServiceImplementation);
    this.server.addService(packages.seatunnel.v1.SyncService.service, {
      SubmitTask: submit,
      GetTaskStatus: getStatus,
      CancelTask: cancel,
    } as grpc.UntypedServiceImplementation);
  }

  start(): Promise<number> {
    return new Promise((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

describe('The bridge against a server generated from the origin protos', () => {
  const server = new OriginServer();
  const metrics = new JvmMetrics(new MetricsRegistry());
  let settings: JvmConfig;
  const open: Array<{ onApplicationShutdown(): void }> = [];

  beforeAll(async () => {
    const address = `127.0.0.1:${await server.start()}`;
    settings = {
      calciteAddress: address,
      seatunnelAddress: address,
      poolSize: 1,
      deadlineMs: 2_000,
      retryAttempts: 0,
      breakerFailures: 5,
      breakerCooldownMs: 60_000,
      keepaliveMs: 30_000,
    };
  });

  afterAll(() => {
    for (const client of open) client.onApplicationShutdown();
    server.stop();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('should read ValidateSQL answers that carry only the origin fields', async () => {
    const client = new CalciteClient(settings, new Clock(), metrics);
    open.push(client);

    const analysis = await client.validate('SELECT 1');

    expect(analysis).toEqual({ valid: true, statementType: '', tables: [], errors: [] });
  });

  it('should fetch the task when SubmitTask and CancelTask answer without it, reading unknown status text as RUNNING', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const client = new SeaTunnelClient(settings, new Clock(), metrics);
    open.push(client);

    const submitted = await client.submit({ name: 'orders', source: 'mysql://a/db.orders', target: 'doris://b/dw.orders' });
    const cancelled = await client.cancel(submitted.id);

    expect(submitted).toMatchObject({
      id: 'origin-1',
      name: 'orders',
      source: 'mysql://a/db.orders',
      target: 'doris://b/dw.orders',
      status: 'RUNNING',
      progress: 0.5,
      rowsRead: 0,
      createdAtMs: 0,
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"QUEUED_IN_ORIGIN"'));
    expect(cancelled).toMatchObject({ id: 'origin-1', status: 'CANCELLED', progress: 0.5 });
    await expect(client.status('no-such-task')).rejects.toMatchObject({ status: 404 });
  });
});
