import type * as grpc from '@grpc/grpc-js';
import type { SqlAnalysis, SyncTask as BridgeSyncTask } from '@switchyard/jvm-bridge';

// Shapes of the calcite.v1 and seatunnel.v1 messages as @grpc/proto-loader hands them over with
// keepCase false, longs Number and enums String. Request fields are optional because proto3 lets a
// client omit any of them; responses always carry every field (defaults: true).

export type { SqlError } from '@switchyard/jvm-bridge';

export interface ParseSqlRequest {
  sql?: string;
  dialect?: string;
}

// The same messages the bridge reads as a client; the server side only widens what it accepts.
export type ParseSqlResponse = SqlAnalysis;

export interface ValidateSqlRequest {
  sql?: string;
  dialect?: string;
  defaultSchema?: string;
}

export type ValidateSqlResponse = ParseSqlResponse;

export const TASK_STATUSES = ['TASK_STATUS_UNSPECIFIED', 'PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];

/** As the bridge sees it, but a server may also hold the proto's unspecified status. */
export type SyncTask = Omit<BridgeSyncTask, 'status'> & { status: TaskStatus };

export interface SubmitTaskRequest {
  name?: string;
  source?: string;
  target?: string;
  tableMapping?: Record<string, string>;
  idempotencyKey?: string;
}

export interface GetTaskStatusRequest {
  id?: string;
}

export interface CancelTaskRequest {
  id?: string;
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
  SubmitTask: UnaryMethod<SubmitTaskRequest, SyncTask>;
  GetTaskStatus: UnaryMethod<GetTaskStatusRequest, SyncTask>;
  CancelTask: UnaryMethod<CancelTaskRequest, SyncTask>;
}

export interface ClientConstructor<Client extends grpc.Client> {
  new (address: string, credentials: grpc.ChannelCredentials, options?: Partial<grpc.ChannelOptions>): Client;
  service: grpc.ServiceDefinition;
  serviceName: string;
}
