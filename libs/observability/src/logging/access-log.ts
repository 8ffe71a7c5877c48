import { trace } from '@opentelemetry/api';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hostname } from 'node:os';
import pino, { Level } from 'pino';
import { LoggingConfig } from '../config/logging.config';
import { LogDestination } from './log-destination';
import { requestLogContext } from './request-context';

/** Characters that never need escaping in a JSON string. */
const PLAIN = /^[\w .:/@*-]*$/;

/** A JSON string literal: quoted as is when plainly safe (ids, methods, route templates), escaped otherwise. */
function quoted(value: string): string {
  return PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}

/**
 * A duration in milliseconds as JSON, to the microsecond, written from integers: turning the double itself
 * into its shortest text takes V8's slow path and cost about 1 µs a line.
 */
export function millisecondsText(milliseconds: number): string {
  if (!(milliseconds >= 0 && milliseconds < 1e12)) return JSON.stringify(milliseconds);
  const micros = Math.round(milliseconds * 1000);
  const whole = Math.floor(micros / 1000);
  const fraction = micros - whole * 1000;
  if (fraction === 0) return `${whole}`;
  return `${whole}.${fraction < 10 ? '00' : fraction < 100 ? '0' : ''}${fraction}`;
}

interface RouteFields {
  handler: unknown;
  fields: string;
}

/** Pino's numeric levels, so access lines sort and filter like every other line. */
const LEVELS: Record<'info' | 'warn' | 'error', number> = { info: 30, warn: 40, error: 50 };

/**
 * One line per finished request, written from Fastify's onResponse hook: method, raw path, route
 * template, handler, status, duration, request id, tenant and user. The record has a fixed shape, so
 * it is serialised here directly (any string that is not plainly safe goes through JSON.stringify, so a client's path cannot break
 * the line) instead of through pino's general-purpose serialiser, which cost several times more per
 * request. The fields and their names are those of a pino line; no value needs redaction: the query
 * string is never logged (proxied URLs carry tokens and signed links in it), request ids are sanitised.
 */
export class AccessLog {
  private readonly threshold: number;
  private readonly prefix: string;
  private readonly routes = new Map<string, RouteFields>();
  private unmatched?: RouteFields;
  // Epoch milliseconds are not small integers, so each turns into text on V8's slow path: once per millisecond here.
  private lastTime = 0;
  private lastTimeText = '0';

  constructor(
    config: LoggingConfig,
    private readonly destination: LogDestination,
  ) {
    this.threshold = config.level === 'silent' ? Infinity : pino.levels.values[config.level as Level];
    this.prefix = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},`;
  }

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      this.write(request, reply);
      done();
    });
  }

  write(request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const level = LEVELS[status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info'];
    if (level < this.threshold) return;
    const url = request.originalUrl;
    const query = url.indexOf('?');
    const rawPath = query === -1 ? url : url.slice(0, query);
    const path = quoted(rawPath);
    const id = quoted(request.id);
    // Node's parser admits only the methods it knows, all plain.
    const method = `"${request.method}"`;
    const context = requestLogContext(request.raw);
    // With tracing on, the line joins its trace under the names the pino instrumentation gives application logs.
    const span = trace.getActiveSpan()?.spanContext();
    const time = Date.now();
    if (time !== this.lastTime) {
      this.lastTime = time;
      this.lastTimeText = `${time}`;
    }
    this.destination.stream.write(
      `{"level":${level},"time":${this.lastTimeText}${this.prefix}"req":{"id":${id},"method":${method},"url":${path}},` +
        `"res":{"statusCode":${status}},"durationMs":${millisecondsText(reply.elapsedTime)},"requestId":${id},"method":${method},"path":${path}` +
        this.routeFields(request) +
        (context.tenantId === undefined ? '' : `,"tenantId":${quoted(context.tenantId)}`) +
        (context.userId === undefined ? '' : `,"userId":${quoted(context.userId)}`) +
        (span === undefined
          ? ''
          : `,"trace_id":"${span.traceId}","span_id":"${span.spanId}","trace_flags":"0${span.traceFlags.toString(16)}"`) +
        // A path quoted as is (no escapes: two characters longer) makes a plain message too.
        `,"msg":${path.length === rawPath.length + 2 ? `"${request.method} ${rawPath} ${status}"` : quoted(`${request.method} ${rawPath} ${status}`)}}\n`,
    );
  }

  /** `,"route":…,"handler":…` of the matched route, built once per route (Fastify builds its options on every read). */
  private routeFields(request: FastifyRequest): string {
    const { url, handler } = request.routeOptions;
    const known = url === undefined ? this.unmatched : this.routes.get(url);
    if (known?.handler === handler) return known.fields;
    const name = nameOfHandler(handler);
    const fields = (url === undefined ? '' : `,"route":${quoted(url)}`) + (name === undefined ? '' : `,"handler":${quoted(name)}`);
    if (url === undefined) this.unmatched = { handler, fields };
    else this.routes.set(url, { handler, fields });
    return fields;
  }
}

const handlerNames = new WeakMap<object, string | null>();

/** Nest names each route handler `Controller.method`; Fastify keeps that name on the (bound) route handler. */
export function handlerOf(request: FastifyRequest): string | undefined {
  return nameOfHandler(request.routeOptions.handler);
}

function nameOfHandler(handler: ((...args: never[]) => unknown) | undefined): string | undefined {
  if (!handler) return undefined;
  let name = handlerNames.get(handler);
  if (name === undefined) {
    const plain = handler.name.replace(/^(bound )+/, '');
    name = plain.includes('.') ? plain : null;
    handlerNames.set(handler, name);
  }
  return name ?? undefined;
}
