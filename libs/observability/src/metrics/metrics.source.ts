import { Injectable } from '@nestjs/common';
import cluster from 'node:cluster';
import { register } from 'prom-client';
import { ClusterMetricsClient } from './cluster-metrics';

/** What /metrics serves: this process's registry, or, in a worker of `WORKERS=N`, the sum over all workers. */
@Injectable()
export class MetricsSource {
  private readonly cluster = cluster.isWorker ? new ClusterMetricsClient() : undefined;

  metrics(): Promise<string> {
    return this.cluster ? this.cluster.metrics() : register.metrics();
  }
}
