import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { Agent, Dispatcher, request } from 'undici';
import { routingConfig } from '../config/routing.config';
import { RoutingException } from '../routing.errors';

// Per-connection headers never travel past one hop (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);
// Switchyard's own credentials never reach legacy: identity travels as signed headers instead.
const NOT_FORWARDED = new Set([
  'authorization',
  'cookie',
  'x-tenant-id',
  'x-user-id',
  'x-user-role',
  'x-identity-timestamp',
  'x-identity-signature',
  // Trace context is set by the gateway (or by the OpenTelemetry undici instrumentation), never copied.
  'traceparent',
  'tracestate',
]);

export interface LegacyRequest {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: IncomingHttpHeaders;
  body?: Readable | Buffer;
  timeoutMs: number;
  extraHeaders: Record<string, string>;
  clientAddress: string;
  clientProtocol: string;
}

export interface LegacyResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Readable;
}

/** The adapter to the legacy Java backend: a keep-alive pool, streaming both ways. */
@Injectable()
export class LegacyProxy implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(@Inject(routingConfig.factory.KEY) private readonly config: ConfigType<typeof routingConfig.factory>) {
    this.agent = new Agent({ connections: config.legacyConnections, keepAliveTimeout: 30_000, connectTimeout: 2_000 });
  }

  get enabled(): boolean {
    return this.config.legacyBaseUrl !== undefined;
  }

  async forward(outgoing: LegacyRequest): Promise<LegacyResponse> {
    if (!this.config.legacyBaseUrl) throw RoutingException.legacyUnavailable(new Error('LEGACY_BASE_URL is not set'));
    try {
      const response = await request(`${this.config.legacyBaseUrl}${outgoing.url}`, {
        method: outgoing.method as Dispatcher.HttpMethod,
        headers: this.headersFor(outgoing),
        body: outgoing.method === 'GET' || outgoing.method === 'HEAD' ? undefined : outgoing.body,
        dispatcher: this.agent,
        headersTimeout: outgoing.timeoutMs,
        bodyTimeout: outgoing.timeoutMs,
      });
      return { status: response.statusCode, headers: responseHeaders(response.headers), body: response.body };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') throw RoutingException.legacyTimeout(outgoing.timeoutMs);
      throw RoutingException.legacyUnavailable(error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }

  private headersFor(outgoing: LegacyRequest): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(outgoing.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name) || NOT_FORWARDED.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const priorFor = outgoing.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = priorFor ? `${priorFor}, ${outgoing.clientAddress}` : outgoing.clientAddress;
    headers['x-forwarded-proto'] = outgoing.clientProtocol;
    if (outgoing.headers.host) headers['x-forwarded-host'] = outgoing.headers.host;
    if (Buffer.isBuffer(outgoing.body)) headers['content-length'] = String(outgoing.body.length);
    else if (outgoing.headers['content-length']) headers['content-length'] = outgoing.headers['content-length'];
    return { ...headers, ...outgoing.extraHeaders };
  }
}

function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}
