import { Module } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { MetricsController } from './metrics.controller';

/** Prometheus exposition of the process metrics plus whatever the capabilities register. */
@Module({ controllers: [MetricsController] })
export class MetricsModule {
  constructor() {
    // Registered once per process: a second app in the same process (tests) must not re-register.
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ prefix: '' });
  }
}
