import { MetricValueWithName } from 'prom-client';

interface Cell {
  labels: Record<string, string>;
  /** Observations per bucket, not cumulative; the last one counts those above every bound. */
  buckets: number[];
  sum: number;
  count: number;
}

type Level = Map<string, Level | Cell>;

/** What a registry reads from a metric (prom-client's own type also asks for a collect function). */
export interface HistogramValues {
  name: string;
  help: string;
  type: 'histogram';
  aggregator: 'sum';
  values: Array<MetricValueWithName<string>>;
}

/**
 * A Prometheus histogram for the request path, served exactly as prom-client serves its own (same series,
 * same text; WORKERS=N sums it like the others). prom-client's `observe` builds a string key of the label
 * set, validates it and looks it up on every call; here the label values find their cell through one map
 * per label, keyed by strings that already exist (a method, a route template, a status), so nothing is built.
 * Register it with MetricsRegistry.talliedHistogram.
 */
export class TalliedHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private root: Level = new Map();
  private cells: Cell[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly bounds: readonly number[],
  ) {}

  /** One observation; `values` are the labels' values, in the order of `labelNames`. */
  observe(values: readonly string[], value: number): void {
    const last = values.length - 1;
    let level = this.root;
    for (let index = 0; index < last; index++) {
      let next = level.get(values[index] as string) as Level | undefined;
      if (next === undefined) level.set(values[index] as string, (next = new Map()));
      level = next;
    }
    let cell = level.get(values[last] as string) as Cell | undefined;
    if (cell === undefined) level.set(values[last] as string, (cell = this.cellFor(values)));
    let bucket = 0;
    while (bucket < this.bounds.length && value > (this.bounds[bucket] as number)) bucket++;
    cell.buckets[bucket] = (cell.buckets[bucket] as number) + 1;
    cell.sum += value;
    cell.count += 1;
  }

  /** What prom-client's registry serves and WORKERS=N aggregates: cumulative buckets, `+Inf`, sum and count. */
  async get(): Promise<HistogramValues> {
    const values: Array<MetricValueWithName<string>> = [];
    for (const cell of this.cells) {
      let cumulative = 0;
      this.bounds.forEach((bound, index) => {
        cumulative += cell.buckets[index] as number;
        values.push({ metricName: `${this.name}_bucket`, labels: { le: bound, ...cell.labels }, value: cumulative });
      });
      values.push(
        { metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...cell.labels }, value: cell.count },
        { metricName: `${this.name}_sum`, labels: { ...cell.labels }, value: cell.sum },
        { metricName: `${this.name}_count`, labels: { ...cell.labels }, value: cell.count },
      );
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.root = new Map();
    this.cells = [];
  }

  private cellFor(values: readonly string[]): Cell {
    const labels: Record<string, string> = {};
    this.labelNames.forEach((label, index) => (labels[label] = values[index] as string));
    const cell: Cell = { labels, buckets: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 };
    this.cells.push(cell);
    return cell;
  }
}
