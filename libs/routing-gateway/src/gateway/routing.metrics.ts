import { Injectable } from '@nestjs/common';
import { Counter, Histogram, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[]): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}

/** Routing counters on the process registry, served at /metrics. */
@Injectable()
export class RoutingMetrics {
  readonly decisions = counter('switchyard_routing_decisions_total', 'Routing decisions by target and reason', ['target', 'reason']);
  readonly fallbacks = counter('switchyard_routing_fallbacks_total', 'Requests replayed to legacy after a new-side failure', ['reason']);
  readonly rollbacks = counter('switchyard_routing_rollbacks_total', 'Features switched off by the rollback monitor', [
    'feature',
    'reason',
  ]);
  readonly shadow = counter('switchyard_routing_shadow_total', 'Shadow comparisons by route and outcome', ['route', 'outcome']);
  readonly duration =
    (register.getSingleMetric('switchyard_routing_duration_seconds') as Histogram | undefined) ??
    new Histogram({
      name: 'switchyard_routing_duration_seconds',
      help: 'Request duration by serving side',
      labelNames: ['side'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
}
