export { JvmEmulator } from './jvm-emulator.server';
export type { JvmEmulatorOptions, RecordedCall } from './jvm-emulator.server';
export type { EmulatedService } from './failure.injector';
export { CALCITE_SERVICE_NAME, SYNC_SERVICE_NAME, findProtoDirectory, loadJvmProtos } from './proto.loader';
export { PROTO_LOADER_OPTIONS } from '@switchyard/common';
export type { JvmProtos } from './proto.loader';
export { TASK_STATUSES } from './proto.types';
export type {
  CalciteServiceClient,
  CancelTaskRequest,
  CancelTaskResponse,
  ClientConstructor,
  GetTaskStatusRequest,
  GetTaskStatusResponse,
  ParseSqlRequest,
  ParseSqlResponse,
  SimulatedTask,
  SqlError,
  SubmitTaskRequest,
  SubmitTaskResponse,
  SyncServiceClient,
  SyncTask,
  TaskStatus,
  TaskSubmission,
  UnaryMethod,
  ValidateSqlRequest,
  ValidateSqlResponse,
} from './proto.types';
export { SqlAnalyzer } from './sql.analyzer';
export type { SqlAnalysis } from './sql.analyzer';
export { DEFAULT_TASK_DURATION_MS, TaskSimulator } from './task.simulator';
export type { Clock, TaskSimulatorOptions } from './task.simulator';
