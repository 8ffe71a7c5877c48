import { INestApplication, LoggerService } from '@nestjs/common';
import { Server } from 'node:http';

export interface GracefulShutdownOptions {
  graceMs: number;
  logger: LoggerService;
  /** Where signals come from and how to exit; the process itself unless a test passes its own. */
  signals?: Pick<NodeJS.Process, 'once'>;
  exit?: (code: number) => void;
}

/** On SIGTERM/SIGINT: stop accepting, let in-flight requests finish within the grace period, close pools, exit 0. */
export function installGracefulShutdown(app: INestApplication, options: GracefulShutdownOptions): void {
  const { graceMs, logger, signals = process, exit = (code: number) => process.exit(code) } = options;
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.log(`Received ${signal}: draining in-flight requests for up to ${graceMs} ms`, 'Shutdown');
    const deadline = setTimeout(() => {
      logger.error(`Grace period of ${graceMs} ms is over with work still running; exiting`, undefined, 'Shutdown');
      exit(1);
    }, graceMs);
    deadline.unref();
    // Node reaps idle keep-alive sockets only when close() starts; a request that finishes
    // later leaves its socket idle until the keep-alive timeout, so keep reaping while draining.
    const server = app.getHttpServer() as Server;
    const reaper = setInterval(() => server.closeIdleConnections(), 100);
    reaper.unref();
    try {
      await app.close();
      clearInterval(reaper);
      await flushTracing();
      clearTimeout(deadline);
      logger.log('Shutdown complete', 'Shutdown');
      exit(0);
    } catch (error) {
      clearInterval(reaper);
      logger.error(`Shutdown failed: ${(error as Error).message}`, (error as Error).stack, 'Shutdown');
      exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) signals.once(signal, () => void shutdown(signal));
}

/** Exports the spans still buffered, when tracing was preloaded (see tracing.ts). */
async function flushTracing(): Promise<void> {
  const sdk = (globalThis as Record<symbol, { shutdown(): Promise<void> } | undefined>)[Symbol.for('switchyard.tracing.sdk')];
  await sdk?.shutdown().catch(() => undefined);
}
