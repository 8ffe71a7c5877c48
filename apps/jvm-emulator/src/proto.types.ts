import type * as grpc from '@grpc/grpc-js';
import type { SqlAnalysis, SyncTask as BridgeSyncTask } from '@switchyard/jvm-bridge';

// Shapes of the calcite.v1 and seatunnel.v1 messages (design decision D47: the origin contract's
// fields plus Switchyard's additions) as @grpc/proto-loader hands them over with keepCase false,
// longs Number and defaults true. Request fields are optional because proto3 lets a client omit any
// of them; responses always carry every field (defaults: true; an absent message field is null).

export type { SqlError } from '@switchyard/jvm-bridge';

export interface ParseSqlRequest {
  sql?: string;
  dialect?: string;
}

export interface ParseSqlResponse extends SqlAnalysis {
  normalizedSql: string;
  rawSql: string;
}

export interface ValidateSqlRequest {
  sql?: string;
  dialect?: string;
  defaultSchema?: string;
}

export interface ValidateSqlResponse extends SqlAnalysis {
  message: string;
  normalizedSql: string;
}

export const TASK_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The emulator's own view of a task: the bridge's shape (progress a 0-1 fraction), mapped to SyncTask on the wire. */
export type SimulatedTask = Omit<BridgeSyncTask, 'status'> & { status: TaskStatus };

/** What the simulator needs to create a task, taken from a SubmitTaskRequest. */
export interface TaskSubmission {
  name?: string;
  source?: string;
  target?: string;
  tableMapping?: Record<string, string>;
  idempotencyKey?: string;
}

/** seatunnel.v1.SyncTask on the wire: status as text, progress an integer percentage. */
export interface SyncTask {
  id: string;
  name: string;
  source: string;
  target: string;
  status: string;
  progress: number;
  rowsRead: number;
  rowsWritten: number;
  error: string;
  createdAtMs: number;
  startedAtMs: number;
  finishedAtMs: number;
}

export interface SubmitTaskRequest {
  task?: Partial<SyncTask> | null;
  tableMapping?: Record<string, string>;
  idempotencyKey?: string;
}

export interface SubmitTaskResponse {
  taskId: string;
  task: SyncTask | null;
}

export interface GetTaskStatusRequest {
  taskId?: string;
}

export interface GetTaskStatusResponse {
  task: SyncTask | null;
}

export interface CancelTaskRequest {
  taskId?: string;
}

export interface CancelTaskResponse {
  success: boolean;
  message: string;
  task: SyncTask | null;
}

/** One unary RPC as a grpc-js generic client exposes it. */
export interface UnaryMethod<Request, Response> {
  (request: Request, callback: grpc.requestCallback<Response>): grpc.ClientUnaryCall;
  (request: Request, metadata: grpc.Metadata, callback: grpc.requestCallback<Response>): grpc.ClientUnaryCall;
  // Last, so that `method.call(client, …)` and type inference see the complete signature.
  (
    request: Request,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: grpc.requestCallback<Response>,
  ): grpc.ClientUnaryCall;
}

export interface CalciteServiceClient extends grpc.Client {
  ParseSQL: UnaryMethod<ParseSqlRequest, ParseSqlResponse>;
  ValidateSQL: UnaryMethod<ValidateSqlRequest, ValidateSqlResponse>;
}

export interface SyncServiceClient extends grpc.Client {
  SubmitTask: UnaryMethod<SubmitTaskRequest, SubmitTaskResponse>;
  GetTaskStatus: UnaryMethod<GetTaskStatusRequest, GetTaskStatusResponse>;
  CancelTask: UnaryMethod<CancelTaskRequest, CancelTaskResponse>;
}

export interface ClientConstructor<Client extends grpc.Client> {
  new (address: string, credentials: grpc.ChannelCredentials, options?: Partial<grpc.ChannelOptions>): Client;
  service: grpc.ServiceDefinition;
  serviceName: string;
}
