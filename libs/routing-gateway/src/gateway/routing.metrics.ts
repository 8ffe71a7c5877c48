import { Injectable } from '@nestjs/common';
import { Counter, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[]): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}

/** Routing counters on the process registry, served at /metrics; durations by serving side are the HTTP histogram's `served_by`. */
@Injectable()
export class RoutingMetrics {
  readonly decisions = counter('switchyard_routing_decisions_total', 'Routing decisions by target and reason', ['target', 'reason']);
  readonly fallbacks = counter('switchyard_routing_fallbacks_total', 'Requests replayed to legacy after a new-side failure', ['reason']);
  readonly rollbacks = counter('switchyard_routing_rollbacks_total', 'Features switched off by the rollback monitor', [
    'feature',
    'reason',
  ]);
  readonly shadow = counter('switchyard_routing_shadow_total', 'Shadow comparisons by route and outcome', ['route', 'outcome']);
}
