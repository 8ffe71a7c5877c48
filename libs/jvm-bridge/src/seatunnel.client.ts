import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from '@switchyard/common';
import { DependencyUnavailableException } from '@switchyard/errors';
import { jvmConfig } from './config/jvm.config';
import { ChannelPool } from './grpc/channel.pool';
import { CircuitBreaker } from './grpc/circuit.breaker';
import {
  SubmitTask,
  SyncServiceClient,
  SyncTask,
  WireCancelTaskResponse,
  WireGetTaskStatusResponse,
  WireSubmitTaskRequest,
  WireSubmitTaskResponse,
  WireSyncTask,
  WireTaskIdRequest,
  toSubmitTaskRequest,
  toSyncTask,
} from './grpc/proto.clients';
import { JvmMetrics } from './grpc/jvm.metrics';
import { ResilientCaller } from './grpc/resilient.caller';

/** The adapter to SeaTunnel (data synchronisation tasks on the JVM). */
@Injectable()
export class SeaTunnelClient implements OnApplicationShutdown {
  readonly breaker: CircuitBreaker;
  private readonly logger = new Logger(SeaTunnelClient.name);
  private readonly pool?: ChannelPool<SyncServiceClient>;
  private readonly caller?: ResilientCaller<SyncServiceClient>;

  constructor(@Inject(jvmConfig.factory.KEY) config: ConfigType<typeof jvmConfig.factory>, clock: Clock, metrics: JvmMetrics) {
    this.breaker = new CircuitBreaker(config.breakerFailures, config.breakerCooldownMs, () => clock.now());
    if (!config.seatunnelAddress) return;
    this.pool = new ChannelPool(SyncServiceClient, config.seatunnelAddress, config.poolSize, config.keepaliveMs);
    this.caller = new ResilientCaller(
      this.pool,
      this.breaker,
      {
        service: 'seatunnel',
        deadlineMs: config.deadlineMs,
        retryAttempts: config.retryAttempts,
      },
      metrics,
    );
  }

  get configured(): boolean {
    return this.pool !== undefined;
  }

  /** Submits a task; a server that answers only the task id (as the origin contract does) is asked for the task. */
  async submit(task: SubmitTask): Promise<SyncTask> {
    const response = await this.required().call<WireSubmitTaskRequest, WireSubmitTaskResponse>('SubmitTask', toSubmitTaskRequest(task));
    return response.task ? this.toTask(response.task) : this.status(response.taskId ?? '');
  }

  async status(id: string): Promise<SyncTask> {
    const response = await this.required().call<WireTaskIdRequest, WireGetTaskStatusResponse>('GetTaskStatus', { taskId: id });
    return this.toTask(response.task ?? {});
  }

  /** Cancels a task; a server that answers only success and message (as the origin contract does) is asked for the task. */
  async cancel(id: string): Promise<SyncTask> {
    const response = await this.required().call<WireTaskIdRequest, WireCancelTaskResponse>('CancelTask', { taskId: id });
    return response.task ? this.toTask(response.task) : this.status(id);
  }

  waitForReady(deadlineMs: number): Promise<void> {
    return this.pool ? this.pool.waitForReady(deadlineMs) : Promise.reject(new Error('JVM_SEATUNNEL_ADDRESS is not set'));
  }

  onApplicationShutdown(): void {
    this.pool?.close();
  }

  private toTask(task: WireSyncTask): SyncTask {
    return toSyncTask(task, (message) => this.logger.warn(message));
  }

  private required(): ResilientCaller<SyncServiceClient> {
    if (!this.caller) throw new DependencyUnavailableException('seatunnel', new Error('JVM_SEATUNNEL_ADDRESS is not set'));
    return this.caller;
  }
}
