import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RealtimePublisher } from '@switchyard/realtime';
import { hostname } from 'node:os';
import { RoutingFigures, RoutingFiguresMessage } from './core/routing.figures';
import { RoutingState } from '../document/routing.state';

/** How often the console's live figures are pushed: a human watches them, so once a second is plenty. */
export const FIGURES_INTERVAL_MS = 1_000;
export const FIGURES_EVENT = 'routing.figures';

/**
 * Pushes this node's rollback-monitor windows (requests, error rate and p95 per feature, scope and side)
 * to the `admin:routing` topic, so the console shows what the rollback monitor sees.
 */
@Injectable()
export class RoutingFiguresPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RoutingFiguresPublisher.name);
  private readonly node = `${hostname()}:${process.pid}`;
  private timer?: NodeJS.Timeout;
  private sentEmpty = false;

  constructor(
    private readonly state: RoutingState,
    private readonly realtime: RealtimePublisher,
  ) {}

  onModuleInit(): void {
    // A missed push only leaves the console a second behind; the next one carries the whole window again.
    this.timer = setInterval(
      () => void this.publish().catch((error: Error) => this.logger.debug(`Routing figures not pushed: ${error.message}`)),
      FIGURES_INTERVAL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  figures(): RoutingFigures[] {
    const { monitor } = this.state;
    return monitor.tracked().map(({ feature, scope }) => {
      const evaluation = monitor.evaluate(feature, scope);
      return {
        feature,
        scope,
        new: { requests: evaluation.newCount, errorRate: evaluation.newErrorRate, p95Ms: evaluation.newP95 },
        legacy: { requests: evaluation.legacyCount, errorRate: evaluation.legacyErrorRate, p95Ms: evaluation.legacyP95 },
      };
    });
  }

  /** An idle node says so once, then stays quiet until traffic comes back. */
  async publish(): Promise<void> {
    const figures = this.figures();
    if (figures.length === 0 && this.sentEmpty) return;
    this.sentEmpty = figures.length === 0;
    const data: RoutingFiguresMessage = { node: this.node, at: new Date().toISOString(), figures };
    await this.realtime.publish({ tenantId: '*', target: { kind: 'admin', topic: 'admin:routing' }, event: FIGURES_EVENT, data });
  }
}
