import 'reflect-metadata';
import { ConfigValidationError, appConfig, validateEnvironment } from '@switchyard/config';
import { SchemaMismatchError } from '@switchyard/database';
import { loggingConfig, serveClusterMetrics } from '@switchyard/observability';
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { createApp, serveApp } from './app.factory';
import { superviseWorkers } from './cluster.supervisor';
import { CONFIG_DEFINITIONS } from './config.definitions';
import { installGracefulShutdown } from './graceful-shutdown';
import { installRejectionLogging } from './unhandled-rejections';
import { unsupportedRuntime } from './runtime';

async function main(): Promise<void> {
  const runtime = unsupportedRuntime(process.versions.node);
  if (runtime) {
    process.stderr.write(`Switchyard cannot start. ${runtime}\n`);
    process.exit(1);
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  if (cluster.isPrimary) {
    // Checked once here, so a bad setting is one clear message rather than N workers failing in turn.
    validateEnvironment(process.env, CONFIG_DEFINITIONS);
    const config = appConfig.factory();
    if (config.workers > 1) {
      const logger = pino({ level: loggingConfig.factory().level, base: { pid: process.pid, role: 'primary' } });
      serveClusterMetrics();
      superviseWorkers({ workers: config.workers, graceMs: config.shutdownGraceMs, log: (message) => logger.info(message) });
      return;
    }
  }
  await serveHttp();
}

/** One Switchyard node: the whole process, or one worker of `WORKERS=N` sharing the port with the others. */
async function serveHttp(): Promise<void> {
  const { app, config } = await createApp();
  const logger = app.get(Logger);
  installGracefulShutdown(app, { graceMs: config.shutdownGraceMs, logger });
  installRejectionLogging(logger);
  await serveApp(app, { port: config.port, host: config.host });
  const role = cluster.isWorker ? ` (worker ${cluster.worker?.id} of ${config.workers})` : '';
  const docs = config.docs.mode === 'off' ? 'docs off' : `docs at /docs, ${config.docs.mode}`;
  logger.log(`Switchyard listening on http://${config.host}:${config.port}${role} (${docs})`, 'Bootstrap');
}

main().catch((error: unknown) => {
  const refusal = error instanceof ConfigValidationError || error instanceof SchemaMismatchError;
  const reason = refusal ? error.message : ((error as Error)?.stack ?? String(error));
  process.stderr.write(`Switchyard cannot start. ${reason}\n`);
  process.exit(1);
});
