import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EventEmitter } from 'node:events';
import { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { Dispatcher, Pool } from 'undici';
import { routingConfig } from '../config/routing.config';
import { RoutingException } from '../routing.errors';
import { BodyLimitExceeded } from './body.capture';

// Per-connection headers never travel past one hop (RFC 9110 §7.6.1).
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];
// A request's length is set again for the body legacy actually gets (read whole, or streamed as the client sent it).
const NOT_COPIED_TO_LEGACY = new Set([...HOP_BY_HOP, 'host', 'content-length']);
// An answer's body reaches the client byte for byte, so its declared length goes with it: the client gets one
// plain body instead of chunks, and a cut answer is seen as cut.
const NOT_COPIED_TO_CLIENT = new Set(HOP_BY_HOP);
// Switchyard's own credentials never reach legacy: identity travels as signed headers instead.
const NOT_FORWARDED = new Set([
  'authorization',
  'cookie',
  'x-tenant-id',
  'x-user-id',
  'x-user-role',
  'x-identity-timestamp',
  'x-identity-signature',
  'x-identity-version',
  'x-content-sha256',
  // Trace context is set by the gateway (or by the OpenTelemetry undici instrumentation), never copied.
  'traceparent',
  'tracestate',
  // Forwarding headers are written by the gateway from what it verified, never copied from a client.
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-prefix',
  'x-real-ip',
  // The gateway has already read (or is streaming) the body; an interim 100 from legacy has nobody to go to.
  'expect',
]);

export interface LegacyRequest {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: IncomingHttpHeaders;
  body?: Readable | Buffer;
  timeoutMs: number;
  extraHeaders: Record<string, string>;
  /** Client first, then each trusted proxy up to this node's peer (only what this node could verify). */
  forwardedFor: readonly string[];
  forwardedProtocol: string;
  forwardedHost: string;
  /** Aborts the call when the client goes away: an AbortSignal, or an emitter of 'abort' with `aborted` (undici takes both). */
  signal?: AbortSignal | (EventEmitter & { readonly aborted: boolean });
}

export interface LegacyResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /** Holds a connection to legacy until read to its end or destroyed: every caller does one or the other. */
  body: Readable;
}

/**
 * The adapter to the legacy Java backend: one keep-alive pool to its origin, streaming both ways. A call
 * counts from its start until its answer's body closes; beyond the connections plus LEGACY_MAX_QUEUED the
 * next call is refused at once (503), so a slow legacy yields fast errors instead of a growing queue.
 */
@Injectable()
export class LegacyProxy implements OnApplicationShutdown {
  private readonly pool?: Pool;
  /** The base URL's path, put in front of every forwarded path (empty when legacy sits at the root). */
  private readonly basePath: string = '';
  private readonly capacity: number = 0;
  private inFlight = 0;

  constructor(@Inject(routingConfig.factory.KEY) private readonly config: ConfigType<typeof routingConfig.factory>) {
    if (!config.legacyBaseUrl) return;
    const base = new URL(config.legacyBaseUrl);
    this.basePath = base.pathname.replace(/\/+$/, '');
    this.pool = new Pool(base.origin, { connections: config.legacyConnections, keepAliveTimeout: 30_000, connectTimeout: 2_000 });
    this.capacity = config.legacyConnections + config.legacyMaxQueued;
  }

  /** Calls started and not yet finished (their answer's body not yet closed). */
  get pending(): number {
    return this.inFlight;
  }

  get enabled(): boolean {
    return this.pool !== undefined;
  }

  async forward(outgoing: LegacyRequest): Promise<LegacyResponse> {
    if (!this.pool) throw RoutingException.legacyUnavailable(new Error('LEGACY_BASE_URL is not set'));
    if (this.inFlight >= this.capacity) throw RoutingException.legacyOverloaded(this.capacity - this.config.legacyConnections);
    this.inFlight += 1;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      this.inFlight -= 1;
    };
    try {
      const response = await this.pool.request({
        method: outgoing.method as Dispatcher.HttpMethod,
        path: this.basePath + outgoing.url,
        headers: this.headersFor(outgoing),
        body: outgoing.method === 'GET' || outgoing.method === 'HEAD' ? undefined : outgoing.body,
        headersTimeout: outgoing.timeoutMs,
        bodyTimeout: outgoing.timeoutMs,
        signal: outgoing.signal,
      });
      response.body.once('close', finish);
      return { status: response.statusCode, headers: responseHeaders(response.headers), body: response.body };
    } catch (error) {
      finish();
      if (error instanceof BodyLimitExceeded) throw RoutingException.payloadTooLarge(error.limitBytes);
      if (outgoing.signal?.aborted) throw RoutingException.clientClosedRequest();
      const code = (error as { code?: string }).code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') throw RoutingException.legacyTimeout(outgoing.timeoutMs);
      throw RoutingException.legacyUnavailable(error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.close();
  }

  /** The client's end-to-end headers, then the forwarding and identity headers, as one flat name/value list. */
  private headersFor(outgoing: LegacyRequest): string[] {
    const flat: string[] = [];
    const incoming = outgoing.headers;
    for (const name in incoming) {
      const value = incoming[name];
      if (value === undefined || NOT_COPIED_TO_LEGACY.has(name) || NOT_FORWARDED.has(name) || name in outgoing.extraHeaders) continue;
      flat.push(name, Array.isArray(value) ? value.join(', ') : value);
    }
    flat.push('x-forwarded-for', outgoing.forwardedFor.join(', '));
    flat.push('x-forwarded-proto', outgoing.forwardedProtocol);
    if (outgoing.forwardedHost) flat.push('x-forwarded-host', outgoing.forwardedHost);
    if (Buffer.isBuffer(outgoing.body)) flat.push('content-length', String(outgoing.body.length));
    else if (incoming['content-length']) flat.push('content-length', incoming['content-length']);
    for (const name in outgoing.extraHeaders) flat.push(name, outgoing.extraHeaders[name] as string);
    return flat;
  }
}

function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !NOT_COPIED_TO_CLIENT.has(name)) kept[name] = value;
  }
  return kept;
}
