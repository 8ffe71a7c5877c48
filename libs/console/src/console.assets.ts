import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { consoleConfig } from './config/console.config';

export const CONSOLE_PATH = '/console/';

/**
 * The page loads only its own script and style and talks only to this origin (the admin API and /ws):
 * no inline script or style, no frames, so an injected string cannot run.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built migration console under /console. The page is static; every figure it shows comes
 * from the authenticated admin API. A node started without a build says so in its log instead of failing.
 */
export function serveConsole(app: NestFastifyApplication): void {
  const config = consoleConfig.factory();
  if (!config.enabled) return;
  if (!existsSync(join(config.directory, 'index.html'))) {
    new Logger('Console').warn(`Migration console not served: no build in ${config.directory} (npm run build makes one)`);
    return;
  }
  void app.register(fastifyStatic, {
    root: config.directory,
    prefix: CONSOLE_PATH,
    // SwaggerModule decorates the reply already; this instance only serves files.
    decorateReply: false,
    setHeaders: (reply) => {
      void reply.header('content-security-policy', CONSOLE_CSP);
      void reply.header('x-content-type-options', 'nosniff');
      void reply.header('referrer-policy', 'no-referrer');
    },
  });
  // Operators type /console; the page's relative asset paths need the trailing slash.
  app
    .getHttpAdapter()
    .getInstance()
    .get(CONSOLE_PATH.slice(0, -1), (_request, reply) => reply.redirect(CONSOLE_PATH, 301));
}
