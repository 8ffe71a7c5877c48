import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from '@switchyard/common';
import { DependencyUnavailableException } from '@switchyard/errors';
import { jvmConfig } from './config/jvm.config';
import { ChannelPool } from './grpc/channel.pool';
import { CircuitBreaker } from './grpc/circuit.breaker';
import { SubmitTask, SyncServiceClient, SyncTask } from './grpc/proto.clients';
import { JvmMetrics } from './grpc/jvm.metrics';
import { ResilientCaller } from './grpc/resilient.caller';

/** The adapter to SeaTunnel (data synchronisation tasks on the JVM). */
@Injectable()
export class SeaTunnelClient implements OnApplicationShutdown {
  readonly breaker: CircuitBreaker;
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

  submit(task: SubmitTask): Promise<SyncTask> {
    return this.required().call('SubmitTask', task);
  }

  status(id: string): Promise<SyncTask> {
    return this.required().call('GetTaskStatus', { id });
  }

  cancel(id: string): Promise<SyncTask> {
    return this.required().call('CancelTask', { id });
  }

  waitForReady(deadlineMs: number): Promise<void> {
    return this.pool ? this.pool.waitForReady(deadlineMs) : Promise.reject(new Error('JVM_SEATUNNEL_ADDRESS is not set'));
  }

  onApplicationShutdown(): void {
    this.pool?.close();
  }

  private required(): ResilientCaller<SyncServiceClient> {
    if (!this.caller) throw new DependencyUnavailableException('seatunnel', new Error('JVM_SEATUNNEL_ADDRESS is not set'));
    return this.caller;
  }
}
