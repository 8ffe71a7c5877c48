import { Injectable } from '@nestjs/common';
import cluster from 'node:cluster';
import { ClusterMetricsClient } from './cluster-metrics';
import { MetricsRegistry } from './metrics.registry';

/** What /metrics serves: this application's registry, or, in a worker of `WORKERS=N`, the sum over all workers. */
@Injectable()
export class MetricsSource {
  private readonly cluster: ClusterMetricsClient | undefined;

  constructor(private readonly metrics: MetricsRegistry) {
    this.cluster = cluster.isWorker ? new ClusterMetricsClient(metrics.registry) : undefined;
  }

  get contentType(): string {
    return this.metrics.contentType;
  }

  text(): Promise<string> {
    return this.cluster ? this.cluster.metrics() : this.metrics.metrics();
  }
}
