import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { Clock } from '@switchyard/common';
import { requestLogContext } from '@switchyard/observability';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { routingConfig } from '../config/routing.config';
import {
  FALLBACK_HEADER,
  SERVED_BY_HEADER,
  SPACE_ID_HEADER,
  canReplay,
  fallbackReasonOf,
  isSafeMethod,
  shouldShadow,
} from '../fallback.policy';
import { diffJson } from '../json.diff';
import { ALL_SCOPE, tenantScope } from '../kill-switch.registry';
import { RouteDecision, decideRoute } from '../routing.decision';
import { BodyCapture, readAll } from './body.capture';
import { signIdentity } from './identity.signer';
import { LegacyProxy, LegacyResponse } from './legacy.proxy';
import { RequestIdentity, RequestIdentityResolver } from './request-identity.resolver';
import { RoutingConfigService } from './routing-config.service';
import { RoutingMetrics } from './routing.metrics';
import { RoutingState } from './routing.state';

const SHADOW_HEADER = 'x-switchyard-shadow';
const SHADOW_BODY_LIMIT = 1_048_576;
const DEFAULT_TIMEOUT_MS = 30_000;

interface RoutingContext {
  decision: RouteDecision;
  identity?: RequestIdentity;
  servedBy: 'new' | 'legacy';
  capture?: BodyCapture;
  fallback?: string;
  shadowRun?: boolean;
  deadline?: NodeJS.Timeout;
}

/** Puts the routing decision in front of every request, as Fastify hooks, so unknown paths can be proxied too. */
@Injectable()
export class RoutingGateway implements OnModuleInit {
  private readonly logger = new Logger(RoutingGateway.name);
  private readonly contexts = new WeakMap<object, RoutingContext>();
  private readonly shadowToken = randomBytes(16).toString('hex');
  private shadowInFlight = 0;
  private newSamples = 0;
  private fastify!: FastifyInstance;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly state: RoutingState,
    private readonly proxy: LegacyProxy,
    private readonly configuration: RoutingConfigService,
    private readonly identities: RequestIdentityResolver,
    private readonly metrics: RoutingMetrics,
    private readonly clock: Clock,
    @Inject(routingConfig.factory.KEY) private readonly config: ConfigType<typeof routingConfig.factory>,
  ) {}

  onModuleInit(): void {
    if (!this.proxy.enabled) {
      this.logger.log('LEGACY_BASE_URL is not set: Switchyard serves every request itself');
      return;
    }
    this.fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    this.fastify.addHook('onRequest', (request, reply) => this.route(request, reply));
    this.fastify.addHook('preParsing', async (request, _reply, payload) => this.capture(request, payload));
    this.fastify.addHook('onSend', (request, reply, payload) => this.finish(request, reply, payload));
    this.fastify.addHook('onResponse', async (request, reply) => this.observe(request, reply));
    this.logger.log(`Routing gateway in front of ${this.config.legacyBaseUrl}`);
  }

  private async route(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.headers[SHADOW_HEADER] === this.shadowToken) {
      this.contexts.set(request.raw, {
        decision: { target: 'new', reason: 'never-proxied', path: request.url, fallback: 'off', parameters: {} },
        servedBy: 'new',
        shadowRun: true,
      });
      return;
    }
    const identity = await this.identities.resolve(request.headers.authorization);
    const spaceHeader = request.headers[SPACE_ID_HEADER.toLowerCase()];
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
    if (decision.target === 'shadow' && shouldShadow(decision, request.method)) return this.serveShadowed(request, reply, context, legacy);
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
    if (!context || context.decision.target !== 'new' || context.decision.fallback === 'off') return payload;
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

  private async serveShadowed(
    request: FastifyRequest,
    reply: FastifyReply,
    context: RoutingContext,
    legacy: LegacyResponse,
  ): Promise<void> {
    const body = await readAll(legacy.body, SHADOW_BODY_LIMIT);
    if (body) void this.runShadow(request, context, legacy.status, body);
    else this.state.shadowReport.recordSkipped(context.decision.routeKey ?? context.decision.path);
    await reply
      .code(legacy.status)
      .headers(legacy.headers)
      .send(body ?? Buffer.alloc(0));
  }

  /** Runs the same request on the new side after the client has its answer; bounded, never on the client's clock. */
  private async runShadow(request: FastifyRequest, context: RoutingContext, legacyStatus: number, legacyBody: Buffer): Promise<void> {
    const routeKey = context.decision.routeKey ?? context.decision.path;
    if (this.shadowInFlight >= this.state.document.shadow.maxConcurrency) {
      this.state.shadowReport.recordSkipped(routeKey);
      return;
    }
    this.shadowInFlight += 1;
    try {
      const headers = { ...request.headers, [SHADOW_HEADER]: this.shadowToken } as Record<string, string | string[]>;
      const started = this.clock.now();
      const result = await this.fastify.inject({ method: request.method as 'GET', url: request.url, headers });
      this.record(context, 'new', result.statusCode < 500, this.clock.now() - started);
      const differences = diffJson(parseJson(legacyBody), parseJson(result.rawPayload), {
        ignorePaths: this.state.ignorePaths,
        maxDifferences: this.state.document.shadow.maxDifferences,
      });
      const outcome = this.state.shadowReport.record({
        routeKey,
        method: request.method,
        path: context.decision.path,
        legacyStatus,
        newStatus: result.statusCode,
        differences,
      });
      this.metrics.shadow.inc({ route: routeKey, outcome });
    } catch (error) {
      this.state.shadowReport.recordFailure(routeKey);
      this.logger.warn({ routeKey, error: (error as Error).message }, 'Shadow request failed');
    } finally {
      this.shadowInFlight -= 1;
    }
  }

  private observe(request: FastifyRequest, reply: FastifyReply): void {
    const context = this.contexts.get(request.raw);
    if (!context || context.shadowRun) return;
    this.metrics.duration.observe({ side: context.servedBy }, reply.elapsedTime / 1000);
    if (context.fallback) this.record(context, 'new', false, reply.elapsedTime);
    this.record(context, context.servedBy, reply.statusCode < 500, reply.elapsedTime);
  }

  /** Feeds the rollback monitor, and switches the feature off for a scope that trips it. */
  private record(context: RoutingContext, side: 'new' | 'legacy', ok: boolean, durationMs: number): void {
    const feature = context.decision.feature;
    if (!feature || !this.state.document.rollback.enabled) return;
    const scopes = context.identity ? [ALL_SCOPE, tenantScope(context.identity.tenantId)] : [ALL_SCOPE];
    for (const scope of scopes) this.state.monitor.record({ feature, scope, side, ok, durationMs });
    if (side !== 'new') return;
    this.newSamples += 1;
    // Evaluating sorts the window: do it on every failure, and on every tenth success.
    if (ok && this.newSamples % 10 !== 0) return;
    for (const scope of scopes) {
      const evaluation = this.state.monitor.evaluate(feature, scope);
      if (evaluation.trip) void this.configuration.tripKillSwitch(feature, scope, evaluation);
    }
  }

  private legacyRequest(request: FastifyRequest, context: RoutingContext, body: Readable | Buffer | undefined) {
    const path = request.url.split('?')[0] ?? request.url;
    const identityHeaders = context.identity
      ? signIdentity(this.config.identitySecret, context.identity, request.method, path, this.clock.now())
      : {};
    const traceparent = typeof request.headers.traceparent === 'string' ? request.headers.traceparent : newTraceparent();
    return {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
      timeoutMs: context.decision.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      extraHeaders: { ...identityHeaders, 'x-request-id': String(request.id), traceparent },
      clientAddress: request.ip,
      clientProtocol: request.protocol,
    };
  }
}

/** A W3C traceparent for requests that arrive without one; randomUUID draws from a cached entropy pool. */
function newTraceparent(): string {
  return `00-${randomUUID().replaceAll('-', '')}-${randomUUID().replaceAll('-', '').slice(0, 16)}-01`;
}

/** A replay must send the same body: fine when there is none, or when all of it was captured. */
function bodyReplayable(request: FastifyRequest, context: RoutingContext): boolean {
  if (isSafeMethod(request.method)) return true;
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  return hasBody ? context.capture?.complete === true : true;
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
