import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from '@switchyard/common';
import { DependencyUnavailableException } from '@switchyard/errors';
import { jvmConfig } from './config/jvm.config';
import { ChannelPool } from './grpc/channel.pool';
import { CircuitBreaker } from './grpc/circuit.breaker';
import { CalciteServiceClient, SqlAnalysis, WireSqlResponse, toSqlAnalysis } from './grpc/proto.clients';
import { JvmMetrics } from './grpc/jvm.metrics';
import { ResilientCaller } from './grpc/resilient.caller';

/** The adapter to Calcite (SQL parsing and validation on the JVM). */
@Injectable()
export class CalciteClient implements OnApplicationShutdown {
  readonly breaker: CircuitBreaker;
  private readonly pool?: ChannelPool<CalciteServiceClient>;
  private readonly caller?: ResilientCaller<CalciteServiceClient>;

  constructor(@Inject(jvmConfig.factory.KEY) config: ConfigType<typeof jvmConfig.factory>, clock: Clock, metrics: JvmMetrics) {
    this.breaker = new CircuitBreaker(config.breakerFailures, config.breakerCooldownMs, () => clock.now());
    if (!config.calciteAddress) return;
    this.pool = new ChannelPool(CalciteServiceClient, config.calciteAddress, config.poolSize, config.keepaliveMs);
    this.caller = new ResilientCaller(
      this.pool,
      this.breaker,
      {
        service: 'calcite',
        deadlineMs: config.deadlineMs,
        retryAttempts: config.retryAttempts,
      },
      metrics,
    );
  }

  get configured(): boolean {
    return this.pool !== undefined;
  }

  async validate(sql: string, dialect = ''): Promise<SqlAnalysis> {
    return toSqlAnalysis(await this.required().call<object, WireSqlResponse>('ValidateSQL', { sql, dialect }));
  }

  async parse(sql: string, dialect = ''): Promise<SqlAnalysis> {
    return toSqlAnalysis(await this.required().call<object, WireSqlResponse>('ParseSQL', { sql, dialect }));
  }

  waitForReady(deadlineMs: number): Promise<void> {
    return this.pool ? this.pool.waitForReady(deadlineMs) : Promise.reject(new Error('JVM_CALCITE_ADDRESS is not set'));
  }

  onApplicationShutdown(): void {
    this.pool?.close();
  }

  private required(): ResilientCaller<CalciteServiceClient> {
    if (!this.caller) throw new DependencyUnavailableException('calcite', new Error('JVM_CALCITE_ADDRESS is not set'));
    return this.caller;
  }
}
