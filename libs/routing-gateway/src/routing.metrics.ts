import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@switchyard/observability';
import { LegacyProxy } from './proxy/legacy.proxy';
import { RoutingState } from './document/routing.state';

/** Routing counters, served at /metrics; durations by serving side are the HTTP histogram's `served_by`. */
@Injectable()
export class RoutingMetrics {
  readonly decisions;
  readonly fallbacks;
  readonly rollbacks;
  readonly shadow;
  readonly deadlines;

  constructor(metrics: MetricsRegistry, state: RoutingState, legacy: LegacyProxy) {
    // Per node, so drift between nodes shows on a dashboard: every node should report the same values.
    metrics.gauge('switchyard_routing_rules_version', 'Version of the routing rules this node routes by', [], function () {
      this.set(state.meta.version);
    });
    metrics.gauge('switchyard_routing_kill_switches', 'Kill switches in force on this node', [], function () {
      this.set(state.killSwitches.entries().length);
    });
    // Calls to legacy started and not finished: at LEGACY_CONNECTIONS + LEGACY_MAX_QUEUED the next is refused.
    metrics.gauge('switchyard_routing_legacy_pending', 'Calls to legacy in flight or waiting for a connection', [], function () {
      this.set(legacy.pending);
    });
    // One per request: tallied, and handed to prom-client when scraped.
    this.decisions = metrics.tally('switchyard_routing_decisions_total', 'Routing decisions by target and reason', ['target', 'reason']);
    this.fallbacks = metrics.counter('switchyard_routing_fallbacks_total', 'Requests replayed to legacy after a new-side failure', [
      'feature',
      'reason',
    ]);
    this.rollbacks = metrics.counter('switchyard_routing_rollbacks_total', 'Features switched off by the rollback monitor', [
      'feature',
      'reason',
    ]);
    this.deadlines = metrics.counter(
      'switchyard_routing_deadlines_total',
      "New-side answers later than their rule's timeoutMs: replayed to legacy (GET, HEAD) or kept waiting for (writes)",
      ['feature', 'outcome'],
    );
    this.shadow = metrics.counter('switchyard_routing_shadow_total', 'Shadow comparisons by route and outcome', ['route', 'outcome']);
  }
}
