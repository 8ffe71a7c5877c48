import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Metric, Registry, collectDefaultMetrics } from 'prom-client';
import { TalliedHistogram } from './tallied-histogram';

/** Counts one event with the given values of its two labels, in the order they were declared. */
export interface Tally {
  inc(first: string, second: string): void;
}

/**
 * prom-client's default gauges that end in `_total`, which Prometheus reserves for counters; each is the sum
 * of the per-type gauge of the same name without the suffix (`sum(nodejs_active_handles)`), which stays.
 */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * The application's metrics: one registry per application (two apps in one process, as in tests, never
 * share or collide), created through DI, with the process metrics and the metrics each library asks for.
 * A name is registered once; asking twice is a programming error and throws.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of MISNAMED_DEFAULTS) this.registry.removeSingleMetric(name);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  counter<T extends string>(name: string, help: string, labelNames: readonly T[]): Counter<T> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<T extends string>(name: string, help: string, labelNames: readonly T[], buckets: number[]): Histogram<T> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /**
   * A counter for the request path, by two labels: counted in plain numbers and handed to prom-client when
   * scraped. prom-client's own `inc` builds and looks up a string key of the label set on every call.
   */
  tally<A extends string, B extends string>(name: string, help: string, labelNames: readonly [A, B]): Tally {
    const counts = new Map<string, Map<string, number>>();
    new Counter({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        for (const [first, bySecond] of counts) {
          for (const [second, count] of bySecond)
            if (count > 0) this.inc({ [labelNames[0]]: first, [labelNames[1]]: second } as never, count);
          bySecond.clear();
        }
      },
    });
    return {
      inc(first, second) {
        let bySecond = counts.get(first);
        if (bySecond === undefined) counts.set(first, (bySecond = new Map()));
        bySecond.set(second, (bySecond.get(second) ?? 0) + 1);
      },
    };
  }

  /** A histogram for the request path (see TalliedHistogram): observed by label values, served like `histogram`'s. */
  talliedHistogram(name: string, help: string, labelNames: readonly string[], buckets: number[]): TalliedHistogram {
    const histogram = new TalliedHistogram(name, help, labelNames, buckets);
    this.registry.registerMetric(histogram as unknown as Metric);
    return histogram;
  }

  gauge<T extends string>(name: string, help: string, labelNames: readonly T[], collect?: (this: Gauge<T>) => void): Gauge<T> {
    return new Gauge({ name, help, labelNames, registers: [this.registry], ...(collect ? { collect } : {}) });
  }
}
