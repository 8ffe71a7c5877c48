import pino, { Logger } from 'pino';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoggingConfig } from '../config/logging.config';
import { LogDestination } from './log-destination';
import { requestLogContext } from './request-context';

/**
 * One line per finished request, written from Fastify's onResponse hook: method, raw path, route
 * template, handler, status, duration, request id, tenant and user. Every field is built here from
 * values the server controls (the path without its query string, sanitised request ids), so this
 * logger needs no redaction pass; the application logger keeps one.
 */
export class AccessLog {
  private readonly logger: Logger;

  constructor(config: LoggingConfig, destination: LogDestination) {
    this.logger = pino({ level: config.level }, destination.stream);
  }

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      this.write(request, reply);
      done();
    });
  }

  write(request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (!this.logger.isLevelEnabled(level)) return;
    const url = request.originalUrl;
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const context = requestLogContext(request.raw);
    this.logger[level](
      {
        req: { id: request.id, method: request.method, url },
        res: { statusCode: status },
        durationMs: reply.elapsedTime,
        requestId: request.id,
        method: request.method,
        path,
        route: request.routeOptions.url,
        handler: handlerOf(request),
        tenantId: context.tenantId,
        userId: context.userId,
      },
      `${request.method} ${path} ${status}`,
    );
  }
}

const handlerNames = new WeakMap<object, string | null>();

/** Nest names each route handler `Controller.method`; Fastify keeps that name on the (bound) route handler. */
export function handlerOf(request: FastifyRequest): string | undefined {
  const handler = request.routeOptions.handler as ((...args: unknown[]) => unknown) | undefined;
  if (!handler) return undefined;
  let name = handlerNames.get(handler);
  if (name === undefined) {
    const plain = handler.name.replace(/^(bound )+/, '');
    name = plain.includes('.') ? plain : null;
    handlerNames.set(handler, name);
  }
  return name ?? undefined;
}
