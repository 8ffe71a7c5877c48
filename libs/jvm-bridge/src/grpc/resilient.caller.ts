import { Client, Metadata, ServiceError, status } from '@grpc/grpc-js';
import { context, propagation } from '@opentelemetry/api';
import { JvmService, circuitOpen, isServiceFailure, toAppException } from '../jvm.errors';
import { ChannelPool } from './channel.pool';
import { CircuitBreaker } from './circuit.breaker';
import { JvmMetrics } from './jvm.metrics';

export interface CallPolicy {
  service: JvmService;
  deadlineMs: number;
  retryAttempts: number;
}

type UnaryMethod<TRequest, TResponse> = (
  request: TRequest,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response: TResponse) => void,
) => unknown;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** One unary call, the way every JVM call is made: pooled, with a deadline, retried on UNAVAILABLE only, behind a breaker. */
export class ResilientCaller<TClient extends Client> {
  constructor(
    private readonly pool: ChannelPool<TClient>,
    private readonly breaker: CircuitBreaker,
    private readonly policy: CallPolicy,
    private readonly metrics: JvmMetrics,
    private readonly wait: (milliseconds: number) => Promise<unknown> = sleep,
  ) {}

  async call<TRequest, TResponse>(method: keyof TClient & string, request: TRequest): Promise<TResponse> {
    const count = (outcome: 'ok' | 'retried' | 'failed' | 'circuit-open') =>
      this.metrics.calls.inc({ service: this.policy.service, method, outcome });
    if (!this.breaker.allow()) {
      count('circuit-open');
      throw circuitOpen(this.policy.service);
    }
    const timer = this.metrics.duration.startTimer({ service: this.policy.service, method });
    try {
      return await this.attempts<TRequest, TResponse>(method, request, count);
    } finally {
      timer();
    }
  }

  private async attempts<TRequest, TResponse>(
    method: keyof TClient & string,
    request: TRequest,
    count: (outcome: 'ok' | 'retried' | 'failed') => void,
  ): Promise<TResponse> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const response = await this.attempt<TRequest, TResponse>(method, request);
        this.breaker.succeeded();
        count('ok');
        return response;
      } catch (error) {
        const code = (error as Partial<ServiceError>).code;
        if (code === status.UNAVAILABLE && attempt < this.policy.retryAttempts) {
          count('retried');
          await this.wait(backoff(attempt));
          continue;
        }
        if (isServiceFailure(error)) this.breaker.failed();
        else this.breaker.succeeded();
        count('failed');
        throw toAppException(this.policy.service, error);
      }
    }
  }

  private attempt<TRequest, TResponse>(method: keyof TClient & string, request: TRequest): Promise<TResponse> {
    const client = this.pool.pick();
    const unary = (client[method] as unknown as UnaryMethod<TRequest, TResponse>).bind(client);
    const metadata = new Metadata();
    // The trace continues into the JVM service (no-op when tracing is off).
    propagation.inject(context.active(), metadata, { set: (carrier, key, value) => carrier.set(key, value) });
    return new Promise((resolve, reject) =>
      unary(request, metadata, { deadline: Date.now() + this.policy.deadlineMs }, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }
}

/** 50, 100, 200 ms… with jitter, so retries from many callers do not arrive together. */
function backoff(attempt: number): number {
  const base = 50 * 2 ** attempt;
  return base / 2 + Math.random() * base;
}
