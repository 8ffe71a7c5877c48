import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { propagation } from '@opentelemetry/api';
import { Clock } from '@switchyard/common';
import { requestLogContext } from '@switchyard/observability';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { routingConfig } from '../config/routing.config';
import { FALLBACK_HEADER, SERVED_BY_HEADER, SPACE_ID_HEADER, canReplay, fallbackReasonOf, shouldShadow } from '../fallback.policy';
import { decideRoute } from '../routing.decision';
import { BodyCapture, readAll } from './body.capture';
import { signIdentity } from './identity.signer';
import { LegacyProxy } from './legacy.proxy';
import { RequestIdentityResolver } from './request-identity.resolver';
import { RollbackRecorder } from './rollback.recorder';
import { RoutingContext, bodyReplayable, hasRequestBody } from './routing.context';
import { RoutingMetrics } from './routing.metrics';
import { RoutingState } from './routing.state';
import { ShadowRunner } from './shadow.runner';

const DEFAULT_TIMEOUT_MS = 30_000;
const SPACE_ID_HEADER_NAME = SPACE_ID_HEADER.toLowerCase();

/** Puts the routing decision in front of every request, as Fastify hooks, so unknown paths can be proxied too. */
@Injectable()
export class RoutingGateway implements OnModuleInit {
  private readonly logger = new Logger(RoutingGateway.name);
  private readonly contexts = new WeakMap<object, RoutingContext>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly state: RoutingState,
    private readonly proxy: LegacyProxy,
    private readonly identities: RequestIdentityResolver,
    private readonly shadow: ShadowRunner,
    private readonly recorder: RollbackRecorder,
    private readonly metrics: RoutingMetrics,
    private readonly clock: Clock,
    @Inject(routingConfig.factory.KEY) private readonly config: ConfigType<typeof routingConfig.factory>,
  ) {}

  onModuleInit(): void {
    if (!this.proxy.enabled) {
      this.logger.log('LEGACY_BASE_URL is not set: Switchyard serves every request itself');
      return;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    this.shadow.attach(fastify);
    fastify.addHook('onRequest', (request, reply) => this.route(request, reply));
    fastify.addHook('preParsing', async (request, _reply, payload) => this.capture(request, payload));
    fastify.addHook('onSend', (request, reply, payload) => this.finish(request, reply, payload));
    fastify.addHook('onResponse', async (request, reply) => this.observe(request, reply));
    this.logger.log(`Routing gateway in front of ${this.config.legacyBaseUrl}`);
  }

  private async route(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (this.shadow.isShadowRun(request.headers)) {
      this.contexts.set(request.raw, {
        decision: { target: 'new', reason: 'never-proxied', path: request.url, fallback: 'off', parameters: {} },
        servedBy: 'new',
        shadowRun: true,
      });
      return;
    }
    const identity = await this.identities.resolve(request.raw, request.headers.authorization);
    const spaceHeader = request.headers[SPACE_ID_HEADER_NAME];
    const decision = decideRoute(
      this.state.document,
      {
        method: request.method,
        path: request.url,
        tenant: identity && { id: identity.tenantId, slug: identity.tenantSlug },
        spaceId: typeof spaceHeader === 'string' ? spaceHeader : undefined,
      },
      this.state.killSwitches,
    );
    const context: RoutingContext = { decision, identity, servedBy: decision.target === 'new' ? 'new' : 'legacy' };
    this.contexts.set(request.raw, context);
    // Proxied requests never reach Nest's guard, which is what fills these for local ones.
    if (identity) Object.assign(requestLogContext(request.raw), { tenantId: identity.tenantId, userId: identity.userId });
    this.metrics.decisions.inc({ target: decision.target, reason: decision.reason });
    if (decision.target === 'new') return this.watchDeadline(request, reply, context);
    const legacy = await this.proxy.forward(this.legacyRequest(request, context, request.raw));
    if (decision.target === 'shadow' && shouldShadow(decision, request.method)) return this.shadow.serve(request, reply, context, legacy);
    await reply.code(legacy.status).headers(legacy.headers).send(legacy.body);
  }

  /** A new-side handler slower than the rule's timeout is answered by legacy, when the request may be replayed. */
  private watchDeadline(request: FastifyRequest, reply: FastifyReply, context: RoutingContext): void {
    const { decision } = context;
    if (decision.fallback === 'off' || decision.timeoutMs === undefined) return;
    context.deadline = setTimeout(() => void this.onDeadline(request, reply, context), decision.timeoutMs);
    context.deadline.unref();
    reply.raw.once('close', () => clearTimeout(context.deadline));
  }

  private async onDeadline(request: FastifyRequest, reply: FastifyReply, context: RoutingContext): Promise<void> {
    const replayable = canReplay(context.decision, {
      method: request.method,
      hasIdempotencyKey: request.headers['idempotency-key'] !== undefined,
      responseStarted: reply.sent || reply.raw.headersSent,
      bodyBuffered: bodyReplayable(request, context),
    });
    if (!replayable) return;
    // From here on the late new-side answer is dropped: the client gets legacy's.
    context.fallback = 'new-timeout';
    context.servedBy = 'legacy';
    try {
      const legacy = await this.proxy.forward(this.legacyRequest(request, context, context.capture?.body));
      if (reply.sent) return;
      this.metrics.fallbacks.inc({ reason: 'new-timeout' });
      await reply.code(legacy.status).headers(legacy.headers).header(FALLBACK_HEADER, 'new-timeout').send(legacy.body);
    } catch (error) {
      if (!reply.sent) await reply.send(error);
    }
  }

  private capture(request: FastifyRequest, payload: NodeJS.ReadableStream): NodeJS.ReadableStream {
    const context = this.contexts.get(request.raw);
    // Only a body that exists and might be replayed is copied; a GET pays nothing here.
    if (!context || context.decision.target !== 'new' || context.decision.fallback === 'off' || !hasRequestBody(request)) return payload;
    context.capture = new BodyCapture(this.config.replayBodyLimitBytes);
    return (payload as Readable).pipe(context.capture);
  }

  /** A failed new-side response is replaced by legacy's answer when the rule's fallback allows the replay. */
  private async finish(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const context = this.contexts.get(request.raw);
    if (!context) return payload;
    clearTimeout(context.deadline);
    const reason = context.servedBy === 'new' && !context.shadowRun ? fallbackReasonOf({ status: reply.statusCode }) : undefined;
    const replay =
      reason !== undefined &&
      canReplay(context.decision, {
        method: request.method,
        hasIdempotencyKey: request.headers['idempotency-key'] !== undefined,
        responseStarted: payload instanceof Readable,
        bodyBuffered: bodyReplayable(request, context),
      });
    if (replay) {
      const replayed = await this.replay(request, reply, context, reason);
      if (replayed) return replayed;
    }
    void reply.header(SERVED_BY_HEADER, context.servedBy);
    return payload;
  }

  private async replay(request: FastifyRequest, reply: FastifyReply, context: RoutingContext, reason: string): Promise<Buffer | undefined> {
    try {
      const legacy = await this.proxy.forward(this.legacyRequest(request, context, context.capture?.body));
      const body = (await readAll(legacy.body, Number.MAX_SAFE_INTEGER)) ?? Buffer.alloc(0);
      for (const name of Object.keys(reply.getHeaders())) if (name !== 'x-request-id') reply.removeHeader(name);
      void reply.code(legacy.status).headers(legacy.headers).header(SERVED_BY_HEADER, 'legacy').header(FALLBACK_HEADER, reason);
      context.servedBy = 'legacy';
      context.fallback = reason;
      this.metrics.fallbacks.inc({ reason });
      return body;
    } catch (error) {
      this.logger.warn({ reason, error: (error as Error).message }, 'Fallback to legacy failed; returning the new-side answer');
      return undefined;
    }
  }

  private observe(request: FastifyRequest, reply: FastifyReply): void {
    const context = this.contexts.get(request.raw);
    if (!context || context.shadowRun) return;
    if (context.fallback) this.recorder.record(context, 'new', false, reply.elapsedTime);
    this.recorder.record(context, context.servedBy, reply.statusCode < 500, reply.elapsedTime);
  }

  private legacyRequest(request: FastifyRequest, context: RoutingContext, body: Readable | Buffer | undefined) {
    const path = request.url.split('?')[0] ?? request.url;
    const identityHeaders = context.identity
      ? signIdentity(this.config.identitySecret, context.identity, request.method, path, this.clock.now())
      : {};
    // With OpenTelemetry running (a W3C propagator is registered), the undici instrumentation
    // injects the traceparent of its client span itself; without it, the trace is passed on as is.
    const traceparent: Record<string, string> = propagation.fields().includes('traceparent')
      ? {}
      : { traceparent: typeof request.headers.traceparent === 'string' ? request.headers.traceparent : newTraceparent() };
    return {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
      timeoutMs: context.decision.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      extraHeaders: { ...identityHeaders, 'x-request-id': String(request.id), ...traceparent },
      clientAddress: request.ip,
      clientProtocol: request.protocol,
    };
  }
}

/** A W3C traceparent for requests that arrive without one; randomUUID draws from a cached entropy pool. */
function newTraceparent(): string {
  return `00-${randomUUID().replaceAll('-', '')}-${randomUUID().replaceAll('-', '').slice(0, 16)}-01`;
}
