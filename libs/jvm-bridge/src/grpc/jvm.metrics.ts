import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@switchyard/observability';

/** Calls to the JVM services: how many by outcome, and how long each took (retries included). */
@Injectable()
export class JvmMetrics {
  readonly calls;
  readonly duration;

  constructor(metrics: MetricsRegistry) {
    this.calls = metrics.counter('switchyard_jvm_calls_total', 'gRPC calls to the JVM services by outcome', [
      'service',
      'method',
      'outcome',
    ]);
    this.duration = metrics.histogram(
      'switchyard_jvm_call_duration_seconds',
      'gRPC calls to the JVM services, from the first attempt to the answer or the last failure',
      ['service', 'method'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    );
  }
}
