import { Injectable } from '@nestjs/common';
import { ALL_SCOPE, tenantScope } from '../kill-switch.registry';
import { RoutingConfigService } from './routing-config.service';
import { RoutingContext } from './routing.context';
import { RoutingState } from './routing.state';

/** Feeds the rollback monitor with every answer of a feature, and switches the feature off for a scope that trips it. */
@Injectable()
export class RollbackRecorder {
  private newSamples = 0;

  constructor(
    private readonly state: RoutingState,
    private readonly configuration: RoutingConfigService,
  ) {}

  record(context: RoutingContext, side: 'new' | 'legacy', ok: boolean, durationMs: number): void {
    const feature = context.decision.feature;
    if (!feature || !this.state.document.rollback.enabled) return;
    const scopes = context.identity ? [ALL_SCOPE, tenantScope(context.identity.tenantId)] : [ALL_SCOPE];
    for (const scope of scopes) this.state.monitor.record({ feature, scope, side, ok, durationMs });
    if (side !== 'new') return;
    this.newSamples += 1;
    // Evaluating sorts the window: do it on every failure, and on every tenth success.
    if (ok && this.newSamples % 10 !== 0) return;
    for (const scope of scopes) {
      const evaluation = this.state.monitor.evaluate(feature, scope);
      if (evaluation.trip) void this.configuration.tripKillSwitch(feature, scope, evaluation);
    }
  }
}
