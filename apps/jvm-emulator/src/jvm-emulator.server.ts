import * as grpc from '@grpc/grpc-js';
import { EmulatorError, EmulatorErrorCode } from './emulator.error';
import { FailureInjector } from './failure.injector';
import type { EmulatedService } from './failure.injector';
import { loadJvmProtos } from './proto.loader';
import type {
  CancelTaskRequest,
  CancelTaskResponse,
  GetTaskStatusRequest,
  GetTaskStatusResponse,
  ParseSqlRequest,
  ParseSqlResponse,
  SimulatedTask,
  SubmitTaskRequest,
  SubmitTaskResponse,
  SyncTask,
  ValidateSqlRequest,
  ValidateSqlResponse,
} from './proto.types';
import { SqlAnalyzer } from './sql.analyzer';
import type { SqlAnalysis } from './sql.analyzer';
import { TaskSimulator } from './task.simulator';
import type { Clock } from './task.simulator';

export interface JvmEmulatorOptions {
  clock?: Clock;
  taskDurationMs?: number;
  /** How long stop() lets open calls finish before it closes connections. */
  shutdownGraceMs?: number;
}

export interface RecordedCall {
  service: EmulatedService;
  method: string;
  peer: string;
  /** The W3C trace context the caller sent, when it sent one. */
  traceparent?: string;
}

const HOST = '127.0.0.1';
const DEFAULT_SHUTDOWN_GRACE_MS = 2000;

/** A real gRPC server speaking calcite.v1 and seatunnel.v1, with controls for tests. */
export class JvmEmulator {
  /** Every call received, failed ones included; distinct peers are distinct client connections. */
  readonly calls: RecordedCall[] = [];
  private readonly failures = new FailureInjector();
  private readonly sqlAnalyzer = new SqlAnalyzer();
  private readonly tasks: TaskSimulator;
  private readonly shutdownGraceMs: number;
  private server?: grpc.Server;

  constructor({ clock, taskDurationMs, shutdownGraceMs = DEFAULT_SHUTDOWN_GRACE_MS }: JvmEmulatorOptions = {}) {
    this.tasks = new TaskSimulator({ clock, durationMs: taskDurationMs });
    this.shutdownGraceMs = shutdownGraceMs;
  }

  /** Binds 127.0.0.1 on `port` (0 picks a free one) and resolves with the bound port. */
  async start(port = 0): Promise<number> {
    if (this.server) throw new Error('JvmEmulator is already started');
    const server = this.createServer();
    const boundPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${HOST}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      );
    });
    this.server = server;
    return boundPort;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      // A client that keeps a call open must not hold the process: close it after the grace period.
      const deadline = setTimeout(() => server.forceShutdown(), this.shutdownGraceMs);
      deadline.unref();
      server.tryShutdown(() => {
        clearTimeout(deadline);
        resolve();
      });
    });
  }

  /** The next `count` calls (to `service`, or to either) answer `code` instead of being served. */
  failNext(count: number, code: grpc.status, service?: EmulatedService): void {
    this.failures.failNext(count, code, service);
  }

  /** Forgets recorded calls and planned failures; tasks are kept. */
  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
  }

  private createServer(): grpc.Server {
    const protos = loadJvmProtos();
    const server = new grpc.Server();
    server.addService(protos.calcite.service, {
      ParseSQL: this.unary<ParseSqlRequest, ParseSqlResponse>('calcite', 'ParseSQL', (request) => this.parse(request)),
      // The real service also resolves tables and columns against its catalog; the emulator only parses.
      ValidateSQL: this.unary<ValidateSqlRequest, ValidateSqlResponse>('calcite', 'ValidateSQL', (request) => this.validate(request)),
    });
    server.addService(protos.seatunnel.service, {
      SubmitTask: this.unary<SubmitTaskRequest, SubmitTaskResponse>('seatunnel', 'SubmitTask', (request) => this.submit(request)),
      GetTaskStatus: this.unary<GetTaskStatusRequest, GetTaskStatusResponse>('seatunnel', 'GetTaskStatus', (request) => ({
        task: toWireTask(this.tasks.getStatus(request.taskId ?? '')),
      })),
      CancelTask: this.unary<CancelTaskRequest, CancelTaskResponse>('seatunnel', 'CancelTask', (request) => this.cancel(request)),
    });
    return server;
  }

  private analyze(request: ParseSqlRequest): SqlAnalysis {
    return this.sqlAnalyzer.analyze(request.sql ?? '', request.dialect ?? '');
  }

  private parse(request: ParseSqlRequest): ParseSqlResponse {
    const sql = request.sql ?? '';
    return { normalizedSql: normalizeSql(sql), rawSql: sql, ...this.analyze(request) };
  }

  private validate(request: ValidateSqlRequest): ValidateSqlResponse {
    const analysis = this.analyze(request);
    return { ...analysis, message: analysis.errors[0]?.message ?? '', normalizedSql: normalizeSql(request.sql ?? '') };
  }

  private submit(request: SubmitTaskRequest): SubmitTaskResponse {
    const task = this.tasks.submit({
      name: request.task?.name,
      source: request.task?.source,
      target: request.task?.target,
      tableMapping: request.tableMapping,
      idempotencyKey: request.idempotencyKey,
    });
    return { taskId: task.id, task: toWireTask(task) };
  }

  /** success: the task is cancelled (now or before); a task that had already finished otherwise says so in message. */
  private cancel(request: CancelTaskRequest): CancelTaskResponse {
    const task = this.tasks.cancel(request.taskId ?? '');
    const success = task.status === 'CANCELLED';
    return { success, message: success ? '' : `Task already ${task.status}`, task: toWireTask(task) };
  }

  private unary<Request, Response>(
    service: EmulatedService,
    method: string,
    handle: (request: Request) => Response,
  ): grpc.handleUnaryCall<Request, Response> {
    return (call, callback) => {
      const traceparent = call.metadata.get('traceparent')[0];
      this.calls.push({ service, method, peer: call.getPeer(), traceparent: typeof traceparent === 'string' ? traceparent : undefined });
      const injectedFailure = this.failures.take(service);
      if (injectedFailure) return callback(injectedFailure);
      let response: Response;
      try {
        response = handle(call.request);
      } catch (error) {
        return callback(toStatusResponse(error));
      }
      callback(null, response);
    };
  }
}

/** The statement with surrounding blanks trimmed and every run of whitespace collapsed to one space. */
export function normalizeSql(sql: string): string {
  return sql.trim().replace(/\s+/g, ' ');
}

/** The simulator's task as seatunnel.v1.SyncTask: progress as an integer percentage (0-100). */
function toWireTask(task: SimulatedTask): SyncTask {
  return { ...task, progress: Math.floor(task.progress * 100) };
}

function toStatusResponse(error: unknown): Partial<grpc.StatusObject> {
  if (error instanceof EmulatorError) return { code: toGrpcStatus(error.code), details: error.message };
  return { code: grpc.status.INTERNAL, details: error instanceof Error ? error.message : String(error) };
}

function toGrpcStatus(code: EmulatorErrorCode): grpc.status {
  switch (code) {
    case EmulatorErrorCode.InvalidArgument:
      return grpc.status.INVALID_ARGUMENT;
    case EmulatorErrorCode.NotFound:
      return grpc.status.NOT_FOUND;
  }
}
