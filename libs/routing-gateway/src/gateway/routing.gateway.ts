import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { propagation } from '@opentelemetry/api';
import { Clock } from '@switchyard/common';
import { appConfig } from '@switchyard/config';
import { requestLogContext } from '@switchyard/observability';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KeyObject, createSecretKey } from 'node:crypto';
import { Readable } from 'node:stream';
import { routingConfig } from '../config/routing.config';
import { FALLBACK_HEADER, SERVED_BY_HEADER, canReplay, fallbackReasonOf, shouldShadow } from '../fallback.policy';
import { decideRoute } from '../routing.decision';
import { TraceparentSource } from '../traceparent.source';
import { RoutingException } from '../routing.errors';
import { ByteLimit, readAll } from './body.capture';
import { EMPTY_CONTENT_SHA256, contentSha256Of, signIdentity } from './identity.signer';
import { LegacyProxy } from './legacy.proxy';
import { LegacyWrites, isLegacyWrite } from './legacy-writes';
import { RequestIdentity, RequestIdentityResolver } from './request-identity.resolver';
import { RollbackRecorder } from './rollback.recorder';
import { RoutingContext, hasRequestBody } from './routing.context';
import { RoutingMetrics } from './routing.metrics';
import { RoutingState } from './routing.state';
import { ShadowRunner } from './shadow.runner';

type HookDone = (error?: Error) => void;
type SendDone = (error: Error | null, payload?: unknown) => void;

const DEFAULT_TIMEOUT_MS = 30_000;
// The routing context travels on the raw request: a WeakMap keyed by short-lived requests costs every minor GC.
const CONTEXT = Symbol('switchyard.routingContext');
type WithContext = { [CONTEXT]?: RoutingContext };
const contextOf = (request: FastifyRequest): RoutingContext | undefined => (request.raw as WithContext)[CONTEXT];
const setContext = (request: FastifyRequest, context: RoutingContext): void => {
  (request.raw as WithContext)[CONTEXT] = context;
};

/** Puts the routing decision in front of every request, as Fastify hooks, so unknown paths can be proxied too. */
@Injectable()
export class RoutingGateway implements OnModuleInit {
  private readonly logger = new Logger(RoutingGateway.name);
  private identityKey!: KeyObject;
  private tracingInjectsTraceparent = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly state: RoutingState,
    private readonly proxy: LegacyProxy,
    private readonly identities: RequestIdentityResolver,
    private readonly shadow: ShadowRunner,
    private readonly recorder: RollbackRecorder,
    private readonly metrics: RoutingMetrics,
    private readonly writes: LegacyWrites,
    private readonly clock: Clock,
    @Inject(routingConfig.factory.KEY) private readonly config: ConfigType<typeof routingConfig.factory>,
    @Inject(appConfig.factory.KEY) private readonly app: ConfigType<typeof appConfig.factory>,
  ) {}

  onModuleInit(): void {
    if (!this.proxy.enabled) {
      this.logger.log('LEGACY_BASE_URL is not set: Switchyard serves every request itself');
      return;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    this.shadow.attach(fastify);
    this.identityKey = createSecretKey(Buffer.from(this.config.identitySecret, 'utf8'));
    // Tracing is preloaded before Nest (tracing.ts), so whether it propagates is settled by now.
    this.tracingInjectsTraceparent = propagation.fields().includes('traceparent');
    // Callback-style hooks: a request served here pays no promise unless a store or legacy is asked.
    fastify.addHook('onRequest', (request, reply, done) => this.route(request, reply, done));
    fastify.addHook('onSend', (request, reply, payload, done) => this.finish(request, reply, payload, done));
    fastify.addHook('onResponse', (request, reply, done) => {
      this.observe(request, reply);
      done();
    });
    // Credentials in the base URL stay out of the log.
    const legacy = new URL(this.config.legacyBaseUrl as string);
    this.logger.log(`Routing gateway in front of ${legacy.origin}${legacy.pathname}`);
  }

  private route(request: FastifyRequest, reply: FastifyReply, done: HookDone): void {
    if (this.shadow.isShadowRun(request.headers)) {
      setContext(request, {
        decision: { target: 'new', reason: 'never-proxied', path: request.url, fallback: 'off', parameters: {} },
        servedBy: 'new',
        shadowRun: true,
      });
      return done();
    }
    const identity = this.identities.resolve(request.raw, request.headers.authorization);
    if (identity instanceof Promise) identity.then((resolved) => this.routeAs(request, reply, resolved, done)).catch(done);
    else this.routeAs(request, reply, identity, done);
  }

  private routeAs(request: FastifyRequest, reply: FastifyReply, identity: RequestIdentity | undefined, done: HookDone): void {
    // The space comes from the matched rule's `:spaceId` only, never from a header the client chose (D56).
    const decision = decideRoute(
      this.state.document,
      { method: request.method, path: request.url, tenant: identity && { id: identity.tenantId, slug: identity.tenantSlug } },
      this.state.killSwitches,
    );
    const context: RoutingContext = { decision, identity, servedBy: decision.target === 'new' ? 'new' : 'legacy' };
    setContext(request, context);
    // Proxied requests never reach Nest's guard, which is what fills these for local ones.
    if (identity) {
      const log = requestLogContext(request.raw);
      log.tenantId = identity.tenantId;
      log.userId = identity.userId;
    }
    this.metrics.decisions.inc({ target: decision.target, reason: decision.reason });
    if (decision.target === 'new') {
      this.watchDeadline(request, reply, context);
      return done();
    }
    // Answered here: the remaining hooks and the router are skipped, so `done` is called only on failure.
    this.serveFromLegacy(request, reply, context).catch(done);
  }

  private async serveFromLegacy(request: FastifyRequest, reply: FastifyReply, context: RoutingContext): Promise<void> {
    // An anonymous request streams through; a signed one is read whole first, since its digest is signed.
    const body = context.identity ? await this.bufferBody(request, reply) : this.streamBody(request, reply);
    const legacy = await this.proxy.forward(this.legacyRequest(request, reply, context, body));
    try {
      await this.followWrite(request, context, legacy.status);
    } catch (error) {
      legacy.body.destroy();
      throw error;
    }
    if (context.decision.target === 'shadow' && shouldShadow(context.decision, request.method)) {
      return this.shadow.serve(request, reply, context, legacy);
    }
    await reply.code(legacy.status).headers(legacy.headers).send(legacy.body);
  }

  /** The whole body, up to BODY_LIMIT_BYTES (Fastify's limit for bodies it parses); none for GET and HEAD. */
  private async bufferBody(request: FastifyRequest, reply: FastifyReply): Promise<Buffer | undefined> {
    if (isBodyless(request.method) || !hasRequestBody(request)) return undefined;
    const limit = this.app.bodyLimitBytes;
    const body = Number(request.headers['content-length'] ?? 0) > limit ? undefined : await readAll(request.raw, limit);
    if (body === undefined) {
      // The rest of the body is never read: the connection cannot carry another request after the 413.
      void reply.header('connection', 'close');
      throw RoutingException.payloadTooLarge(limit);
    }
    return body;
  }

  /**
   * An anonymous request's body streams to legacy, held to BODY_LIMIT_BYTES like every body Switchyard
   * takes: a declared length above it is refused before legacy is called, a longer stream fails the call.
   */
  private streamBody(request: FastifyRequest, reply: FastifyReply): Readable | undefined {
    if (isBodyless(request.method) || !hasRequestBody(request)) return undefined;
    const limit = this.app.bodyLimitBytes;
    // The rest of an oversized body is never read: the connection cannot carry another request after the 413.
    if (Number(request.headers['content-length'] ?? 0) > limit) {
      void reply.header('connection', 'close');
      throw RoutingException.payloadTooLarge(limit);
    }
    const limited = new ByteLimit(limit);
    limited.once('error', () => void reply.header('connection', 'close'));
    return request.raw.pipe(limited);
  }

  /** A new-side handler slower than the rule's timeout is answered by legacy, when the request may be replayed. */
  private watchDeadline(request: FastifyRequest, reply: FastifyReply, context: RoutingContext): void {
    const { decision } = context;
    if (decision.fallback === 'off' || decision.timeoutMs === undefined) return;
    // Cleared when the answer is sent (onSend) or the request ends (onResponse), whichever comes first.
    context.deadline = setTimeout(() => void this.onDeadline(request, reply, context), decision.timeoutMs);
    context.deadline.unref();
  }

  private async onDeadline(request: FastifyRequest, reply: FastifyReply, context: RoutingContext): Promise<void> {
    if (reply.raw.destroyed) return;
    const replayable = canReplay(context.decision, { method: request.method, responseStarted: reply.sent || reply.raw.headersSent });
    // A write is never replayed (D60): the client waits for the new side's own answer, whatever its time.
    this.metrics.deadlines.inc({ feature: context.decision.feature ?? '', outcome: replayable ? 'replayed' : 'kept-new' });
    if (!replayable) return;
    // From here on the late new-side answer is dropped: the client gets legacy's.
    context.fallback = 'new-timeout';
    context.servedBy = 'legacy';
    try {
      // Only GET and HEAD come here (replayBlocker): no body to send, no write to follow.
      const legacy = await this.proxy.forward(this.legacyRequest(request, reply, context, undefined));
      if (reply.sent) {
        legacy.body.destroy();
        return;
      }
      this.metrics.fallbacks.inc({ feature: context.decision.feature ?? '', reason: 'new-timeout' });
      await reply.code(legacy.status).headers(legacy.headers).header(FALLBACK_HEADER, 'new-timeout').send(legacy.body);
    } catch (error) {
      if (!reply.sent) await reply.send(error);
    }
  }

  /** A failed new-side response is replaced by legacy's answer when the rule's fallback allows the replay. */
  private finish(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: SendDone): void {
    const context = contextOf(request);
    if (!context) return done(null, payload);
    clearTimeout(context.deadline);
    const reason = context.servedBy === 'new' && !context.shadowRun ? fallbackReasonOf({ status: reply.statusCode }) : undefined;
    const replay =
      reason !== undefined && canReplay(context.decision, { method: request.method, responseStarted: payload instanceof Readable });
    if (!replay) {
      void reply.header(SERVED_BY_HEADER, context.servedBy);
      return done(null, payload);
    }
    this.replay(request, reply, context, reason).then((replayed) => {
      if (replayed) return done(null, replayed);
      void reply.header(SERVED_BY_HEADER, context.servedBy);
      done(null, payload);
    }, done);
  }

  /** Legacy's answer replaces the failed one: its body streams to the client, never held whole here. */
  private async replay(
    request: FastifyRequest,
    reply: FastifyReply,
    context: RoutingContext,
    reason: string,
  ): Promise<Readable | undefined> {
    try {
      const legacy = await this.proxy.forward(this.legacyRequest(request, reply, context, undefined));
      for (const name of Object.keys(reply.getHeaders())) if (name !== 'x-request-id') reply.removeHeader(name);
      void reply.code(legacy.status).headers(legacy.headers).header(SERVED_BY_HEADER, 'legacy').header(FALLBACK_HEADER, reason);
      context.servedBy = 'legacy';
      context.fallback = reason;
      this.metrics.fallbacks.inc({ feature: context.decision.feature ?? '', reason });
      return legacy.body;
    } catch (error) {
      this.logger.warn({ reason, error: (error as Error).message }, 'Fallback to legacy failed; returning the new-side answer');
      return undefined;
    }
  }

  /** Legacy committed a write: the state Switchyard keeps beside the shared database follows before the client hears of it. */
  private async followWrite(request: FastifyRequest, context: RoutingContext, status: number): Promise<void> {
    if (!context.identity || !isLegacyWrite(request.method, status)) return;
    const query = request.url.indexOf('?');
    await this.writes.applied({
      method: request.method,
      path: query === -1 ? request.url : request.url.slice(0, query),
      tenantId: context.identity.tenantId,
      userId: context.identity.userId,
      status,
    });
  }

  private observe(request: FastifyRequest, reply: FastifyReply): void {
    const context = contextOf(request);
    if (!context) return;
    clearTimeout(context.deadline);
    if (context.shadowRun) return;
    if (context.fallback) this.recorder.record(context, 'new', false, reply.elapsedTime);
    this.recorder.record(context, context.servedBy, reply.statusCode < 500, reply.elapsedTime);
  }

  private legacyRequest(request: FastifyRequest, reply: FastifyReply, context: RoutingContext, body: Readable | Buffer | undefined) {
    const extraHeaders: Record<string, string> = context.identity ? this.identityHeaders(request, context.identity, body) : {};
    extraHeaders['x-request-id'] = String(request.id);
    // With OpenTelemetry running (a W3C propagator is registered), the undici instrumentation
    // injects the traceparent of its client span itself; without it, a valid incoming one is passed on.
    if (!this.tracingInjectsTraceparent) {
      const incoming = request.headers.traceparent;
      extraHeaders.traceparent = typeof incoming === 'string' && TRACEPARENT.test(incoming) ? incoming : newTraceparent();
    }
    return {
      method: request.method,
      // Legacy sees exactly this target after its base path: the signature covers it byte for byte.
      url: request.url,
      headers: request.headers,
      body,
      timeoutMs: context.decision.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      extraHeaders,
      // Without trusted proxies Fastify leaves `ips` unset and `ip` is the peer: a client's own X-Forwarded-For is dropped.
      forwardedFor: request.ips ? [...request.ips].reverse() : [request.ip],
      forwardedProtocol: request.protocol,
      forwardedHost: request.host,
      signal: abortWhenClientLeaves(reply),
    };
  }

  /**
   * Scheme 2 (docs/legacy-identity.md): method, target with its query, identity, time and the digest of
   * the body legacy receives. Bodies of signed requests arrive here as buffers (read whole, or kept for a
   * replay); anything else is no body to legacy, whose digest is that of nothing.
   */
  private identityHeaders(request: FastifyRequest, identity: RequestIdentity, body: Readable | Buffer | undefined): Record<string, string> {
    const sent = isBodyless(request.method) ? undefined : body;
    const contentSha256 = Buffer.isBuffer(sent) ? contentSha256Of(sent) : EMPTY_CONTENT_SHA256;
    return signIdentity(this.identityKey, identity, { method: request.method, target: request.url, contentSha256 }, this.clock.now());
  }
}

/**
 * Aborted when the connection closes before the answer is sent. (The request's own 'close', behind Fastify's
 * `request.signal`, also fires once a body has been read to its end, which would abort every upload.)
 */
function abortWhenClientLeaves(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** LegacyProxy sends no body with these, whatever the client sent. */
function isBodyless(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;
const traceparents = new TraceparentSource();

/** A W3C traceparent (random trace and parent ids) for requests that arrive without a valid one. */
function newTraceparent(): string {
  return traceparents.next();
}
