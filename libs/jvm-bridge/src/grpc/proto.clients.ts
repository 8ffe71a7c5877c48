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
