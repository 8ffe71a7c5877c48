/** What the handler needs of a logger (nestjs-pino's Logger, or a plain pino one). */
export interface RejectionLogger {
  error(message: unknown, ...rest: unknown[]): void;
}

/**
 * A promise nobody awaited failed: a defect to fix, logged with its stack, but not a reason to drop every
 * request this node is serving. Node's default (exit on an unhandled rejection) turned one failed audit
 * insert during a database outage into a crash loop on every node (issue 11). Returns the handler it installed.
 */
export function installRejectionLogging(logger: RejectionLogger): (reason: unknown) => void {
  const handler = (reason: unknown): void => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    logger.error({ err: error }, `Unhandled promise rejection (a defect; the node keeps serving): ${error.message}`);
  };
  process.on('unhandledRejection', handler);
  return handler;
}
