import { status } from '@grpc/grpc-js';
import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@switchyard/observability';

/**
 * Platform gRPC RED metrics, shared by the interceptor (durations, answers) and the exception filter
 * (failures): Nest runs guards before interceptors, so only the filter sees a call the guard refused.
 */
@Injectable()
export class GrpcServerMetrics {
  private readonly handled;
  private readonly duration;

  constructor(metrics: MetricsRegistry) {
    this.handled = metrics.counter('switchyard_grpc_server_handled_total', 'Platform gRPC calls answered, by method and status code', [
      'method',
      'code',
    ]);
    this.duration = metrics.histogram(
      'switchyard_grpc_server_handling_seconds',
      'Platform gRPC calls, from receipt to answer',
      ['method'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
  }

  /** Starts timing a call of `method` (`/package.Service/Method`); the returned function stops the clock. */
  startTimer(method: string): () => void {
    const stop = this.duration.startTimer({ method });
    return () => void stop();
  }

  answered(method: string, code: status): void {
    this.handled.inc({ method, code: status[code] ?? String(code) });
  }
}
