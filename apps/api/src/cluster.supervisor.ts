import cluster, { Worker } from 'node:cluster';

export interface SupervisorOptions {
  workers: number;
  /** How long SIGTERM/SIGINT lets the workers drain before they are killed. */
  graceMs: number;
  log: (message: string) => void;
}

/** A worker that dies sooner than this after it started is restarted only after a growing pause. */
const HEALTHY_AFTER_MS = 10_000;
const MAX_RESTART_PAUSE_MS = 30_000;

/**
 * The primary of `WORKERS=N`: forks N workers that share the HTTP port (the primary hands out
 * connections round-robin), restarts a worker that dies, and on SIGTERM/SIGINT passes the signal on,
 * waits for every worker to drain and exits 0 (1 if a worker had to be killed or failed to stop).
 * The primary never loads the application: it only supervises.
 */
export function superviseWorkers(options: SupervisorOptions): void {
  const { workers, graceMs, log } = options;
  const startedAt = new Map<number, number>();
  let stopping = false;
  let failedStops = 0;
  let restartPause = 0;

  const fork = (): Worker => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? Date.now());
    startedAt.delete(worker.id);
    if (stopping) {
      if (code !== 0) failedStops += 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failedStops === 0 ? 0 : 1);
      return;
    }
    restartPause = lived >= HEALTHY_AFTER_MS ? 0 : Math.min(Math.max(restartPause * 2, 500), MAX_RESTART_PAUSE_MS);
    log(`Worker ${worker.process.pid} exited (${signal ?? `code ${code}`}) after ${lived} ms; starting another in ${restartPause} ms`);
    setTimeout(() => {
      if (!stopping) fork();
    }, restartPause).unref();
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    log(`Received ${signal}: stopping ${running.length} workers`);
    if (running.length === 0) process.exit(0);
    for (const worker of running) worker.process.kill(signal);
    // Each worker drains within the same grace period; past it (and a little slack) nothing is left to wait for.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      log(`Workers still running ${graceMs} ms after ${signal}: killed`);
      process.exit(1);
    }, graceMs + 2_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  log(`Starting ${workers} workers`);
  for (let index = 0; index < workers; index += 1) fork();
}
