export { JvmBridgeModule } from './jvm-bridge.module';
export { CalciteClient } from './calcite.client';
export { SeaTunnelClient } from './seatunnel.client';
export { CalciteReadinessIndicator, SeaTunnelReadinessIndicator } from './jvm.indicators';
export { jvmConfig, JvmConfig } from './config/jvm.config';
export { SqlAnalysis, SqlError, SyncTask, SubmitTask, TaskStatus } from './grpc/proto.clients';
export { CircuitBreaker, BreakerState } from './grpc/circuit.breaker';
export { JvmErrorCode } from './jvm.errors';
