import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@switchyard/observability';
import { RoutingState } from './routing.state';

/** Routing counters, served at /metrics; durations by serving side are the HTTP histogram's `served_by`. */
@Injectable()
export class RoutingMetrics {
  readonly decisions;
  readonly fallbacks;
  readonly rollbacks;
  readonly shadow;

  constructor(metrics: MetricsRegistry, state: RoutingState) {
    // Per node, so drift between nodes shows on a dashboard: every node should report the same values.
    metrics.gauge('switchyard_routing_rules_version', 'Version of the routing rules this node routes by', [], function () {
      this.set(state.meta.version);
    });
    metrics.gauge('switchyard_routing_kill_switches', 'Kill switches in force on this node', [], function () {
      this.set(state.killSwitches.entries().length);
    });
    this.decisions = metrics.counter('switchyard_routing_decisions_total', 'Routing decisions by target and reason', ['target', 'reason']);
    this.fallbacks = metrics.counter('switchyard_routing_fallbacks_total', 'Requests replayed to legacy after a new-side failure', [
      'feature',
      'reason',
    ]);
    this.rollbacks = metrics.counter('switchyard_routing_rollbacks_total', 'Features switched off by the rollback monitor', [
      'feature',
      'reason',
    ]);
    this.shadow = metrics.counter('switchyard_routing_shadow_total', 'Shadow comparisons by route and outcome', ['route', 'outcome']);
  }
}
