import cluster, { Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, Registry } from 'prom-client';

const REQUEST = 'switchyard:cluster-metrics-request';
const RESPONSE = 'switchyard:cluster-metrics-response';
const TIMEOUT_MS = 5_000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: string;
}

interface MetricsResponse {
  type: typeof RESPONSE;
  id: string;
  text?: string;
  error?: string;
}

/**
 * In the primary of `WORKERS=N`: answers a worker's request for metrics with the sum over every
 * worker (prom-client's AggregatorRegistry asks each one for its registry over IPC).
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, message: MetricsRequest) => {
    if (message?.type !== REQUEST) return;
    const answer = (reply: Omit<MetricsResponse, 'type' | 'id'>) => worker.send({ type: RESPONSE, id: message.id, ...reply });
    aggregator.clusterMetrics().then(
      (text) => answer({ text }),
      (error: Error) => answer({ error: error.message }),
    );
  });
}

/** In a worker: the metrics of every worker, through the primary, so a scrape sees the node whichever worker answers. */
export class ClusterMetricsClient {
  private readonly pending = new Map<string, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  constructor(registry: Registry) {
    // Registers this worker's side of prom-client's protocol: the primary collects the application's registry from here.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
    process.on('message', (message: MetricsResponse) => {
      if (message?.type !== RESPONSE) return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error !== undefined) waiting.reject(new Error(message.error));
      else waiting.resolve(message.text ?? '');
    });
  }

  metrics(): Promise<string> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`The primary did not answer for metrics within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      process.send?.({ type: REQUEST, id } satisfies MetricsRequest);
    });
  }
}
