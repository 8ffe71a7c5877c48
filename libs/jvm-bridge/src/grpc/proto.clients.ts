import { Client, ServiceClientConstructor, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { join } from 'node:path';
import { PROTO_LOADER_OPTIONS, protoDirectory } from '@switchyard/common';

export interface SqlError {
  line: number;
  column: number;
  message: string;
}

export interface SqlAnalysis {
  valid: boolean;
  statementType: string;
  tables: string[];
  errors: SqlError[];
}

export type TaskStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface SyncTask {
  id: string;
  name: string;
  source: string;
  target: string;
  status: TaskStatus;
  progress: number;
  rowsRead: number;
  rowsWritten: number;
  error: string;
  createdAtMs: number;
  startedAtMs: number;
  finishedAtMs: number;
}

export interface SubmitTask {
  name: string;
  source: string;
  target: string;
  tableMapping?: Record<string, string>;
  idempotencyKey?: string;
}

// The messages as they cross the wire (design decision D47: the origin contract's fields plus
// Switchyard's additions), in the shape @grpc/proto-loader hands them over with PROTO_LOADER_OPTIONS
// (camelCase names, int64 as Number, defaults filled in). The functions below map them to and from
// the types above, which the bridge's users see.

export interface WireSqlResponse {
  normalizedSql?: string;
  rawSql?: string;
  valid?: boolean;
  message?: string;
  statementType?: string;
  tables?: string[];
  errors?: SqlError[];
}

export interface WireSyncTask {
  id?: string;
  name?: string;
  source?: string;
  target?: string;
  /** Free text: PENDING, RUNNING, SUCCEEDED, FAILED or CANCELLED. */
  status?: string;
  /** Integer percentage, 0-100. */
  progress?: number;
  rowsRead?: number;
  rowsWritten?: number;
  error?: string;
  createdAtMs?: number;
  startedAtMs?: number;
  finishedAtMs?: number;
}

export interface WireSubmitTaskRequest {
  task: Pick<WireSyncTask, 'name' | 'source' | 'target'>;
  tableMapping: Record<string, string>;
  idempotencyKey: string;
}

export interface WireSubmitTaskResponse {
  taskId?: string;
  task?: WireSyncTask | null;
}

export interface WireTaskIdRequest {
  taskId: string;
}

export interface WireGetTaskStatusResponse {
  task?: WireSyncTask | null;
}

export interface WireCancelTaskResponse {
  success?: boolean;
  message?: string;
  task?: WireSyncTask | null;
}

const TASK_STATUSES: readonly TaskStatus[] = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export function toSqlAnalysis(response: WireSqlResponse): SqlAnalysis {
  return {
    valid: response.valid ?? false,
    statementType: response.statementType ?? '',
    tables: response.tables ?? [],
    errors: response.errors ?? [],
  };
}

/** The status text as a TaskStatus; a text this side does not know is read as RUNNING and reported through `warn`. */
export function toTaskStatus(text: string | undefined, warn: (message: string) => void): TaskStatus {
  const status = (text ?? '').trim().toUpperCase();
  if ((TASK_STATUSES as readonly string[]).includes(status)) return status as TaskStatus;
  warn(`Unknown SeaTunnel task status ${JSON.stringify(text ?? '')}, read as RUNNING`);
  return 'RUNNING';
}

/** The wire task as the bridge's users see it: status as a TaskStatus, progress as a 0-1 fraction. */
export function toSyncTask(task: WireSyncTask, warn: (message: string) => void): SyncTask {
  const percent = Number(task.progress ?? 0);
  return {
    id: task.id ?? '',
    name: task.name ?? '',
    source: task.source ?? '',
    target: task.target ?? '',
    status: toTaskStatus(task.status, warn),
    progress: Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) / 100 : 0,
    rowsRead: Number(task.rowsRead ?? 0),
    rowsWritten: Number(task.rowsWritten ?? 0),
    error: task.error ?? '',
    createdAtMs: Number(task.createdAtMs ?? 0),
    startedAtMs: Number(task.startedAtMs ?? 0),
    finishedAtMs: Number(task.finishedAtMs ?? 0),
  };
}

export function toSubmitTaskRequest(task: SubmitTask): WireSubmitTaskRequest {
  return {
    task: { name: task.name, source: task.source, target: task.target },
    tableMapping: task.tableMapping ?? {},
    idempotencyKey: task.idempotencyKey ?? '',
  };
}

interface LoadedPackages {
  calcite: { v1: { CalciteService: ServiceClientConstructor } };
  seatunnel: { v1: { SyncService: ServiceClientConstructor } };
}

function load(): LoadedPackages {
  const directory = protoDirectory();
  const definition = loadSync([join(directory, 'calcite.proto'), join(directory, 'seatunnel.proto')], PROTO_LOADER_OPTIONS);
  return loadPackageDefinition(definition) as unknown as LoadedPackages;
}

const packages = load();

export type CalciteServiceClient = Client & Record<'ParseSQL' | 'ValidateSQL', unknown>;
export type SyncServiceClient = Client & Record<'SubmitTask' | 'GetTaskStatus' | 'CancelTask', unknown>;

export const CalciteServiceClient = packages.calcite.v1.CalciteService as unknown as new (
  ...args: ConstructorParameters<ServiceClientConstructor>
) => CalciteServiceClient;
export const SyncServiceClient = packages.seatunnel.v1.SyncService as unknown as new (
  ...args: ConstructorParameters<ServiceClientConstructor>
) => SyncServiceClient;
