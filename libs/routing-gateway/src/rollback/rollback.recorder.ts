import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ALL_SCOPE, tenantScope } from '../decision/core/kill-switch.registry';
import { RoutingConfigService } from '../document/routing-config.service';
import { RoutingContext } from '../routing.context';
import { RoutingState } from '../document/routing.state';

/** How often the windows that changed are evaluated in full (the latency rule needs their percentiles). */
export const ROLLBACK_EVALUATION_INTERVAL_MS = 250;

/**
 * Feeds the rollback monitor with every answer of a feature, and switches the feature off for a scope
 * that trips it. Recording is constant time; a new-side failure checks the error-rate rule at once,
 * and the full evaluation runs on a timer over the windows that changed, so its cost does not grow with traffic.
 */
@Injectable()
export class RollbackRecorder implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RollbackRecorder.name);
  private timer?: NodeJS.Timeout;
  // `tenant:<id>` per tenant, built once rather than on every request.
  private readonly tenantScopes = new Map<string, string>();

  constructor(
    private readonly state: RoutingState,
    private readonly configuration: RoutingConfigService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.evaluateChanged(), ROLLBACK_EVALUATION_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Only identified callers are sampled: anonymous requests (a flood of fast legacy 401s, say) would let
   * anyone move legacy's figures and so the verdict (design.md D56).
   */
  record(context: RoutingContext, side: 'new' | 'legacy', ok: boolean, durationMs: number): void {
    const feature = context.decision.feature;
    if (!feature || !context.identity || !this.state.document.rollback.enabled) return;
    const { monitor } = this.state;
    const tenant = this.scopeOf(context.identity.tenantId);
    monitor.record({ feature, scope: ALL_SCOPE, side, ok, durationMs });
    monitor.record({ feature, scope: tenant, side, ok, durationMs });
    if (side !== 'new' || ok) return;
    if (monitor.breachesErrorRate(feature, tenant)) void this.trip(feature, tenant);
    if (monitor.breachesErrorRate(feature, ALL_SCOPE)) void this.trip(feature, ALL_SCOPE);
  }

  private scopeOf(tenantId: string): string {
    let scope = this.tenantScopes.get(tenantId);
    if (scope === undefined) {
      if (this.tenantScopes.size >= 10_000) this.tenantScopes.clear();
      scope = tenantScope(tenantId);
      this.tenantScopes.set(tenantId, scope);
    }
    return scope;
  }

  /** Evaluates every window that saw samples since the last pass; what the timer runs. */
  async evaluateChanged(): Promise<void> {
    for (const { feature, scope } of this.state.monitor.takeChanged()) await this.trip(feature, scope);
  }

  /** Trips when the full evaluation says so; never rejects, so callers on the request path need not wait. */
  private async trip(feature: string, scope: string): Promise<void> {
    const evaluation = this.state.monitor.evaluate(feature, scope);
    if (!evaluation.trip) return;
    try {
      await this.configuration.tripKillSwitch(feature, scope, evaluation);
    } catch (error) {
      this.logger.error({ feature, scope, error: (error as Error).message }, 'Automatic rollback could not be completed');
    }
  }
}
