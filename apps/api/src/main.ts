import 'reflect-metadata';
import { ConfigValidationError } from '@switchyard/config';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { createApp } from './app.factory';
import { installGracefulShutdown } from './graceful-shutdown';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { app, config } = await createApp();
  const logger = app.get(Logger);
  installGracefulShutdown(app, { graceMs: config.shutdownGraceMs, logger });
  await app.listen({ port: config.port, host: config.host });
  logger.log(`Switchyard listening on http://${config.host}:${config.port} (docs at /docs)`, 'Bootstrap');
}

main().catch((error: unknown) => {
  const reason = error instanceof ConfigValidationError ? error.message : ((error as Error)?.stack ?? String(error));
  process.stderr.write(`Switchyard cannot start. ${reason}\n`);
  process.exit(1);
});
