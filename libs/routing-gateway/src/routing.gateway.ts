import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { requestLogContext } from '@switchyard/observability';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { routingConfig } from './config/routing.config';
import { decideRoute } from './decision/core/routing.decision';
import { RequestIdentity, RequestIdentityResolver } from './decision/request-identity.resolver';
import { RoutingState } from './document/routing.state';
import { SERVED_BY_HEADER, canReplay, fallbackReasonOf } from './proxy/core/fallback.policy';
import { FallbackRunner } from './proxy/fallback.runner';
import { LegacyForwarder } from './proxy/legacy.forwarder';
import { LegacyProxy } from './proxy/legacy.proxy';
import { RollbackRecorder } from './rollback/rollback.recorder';
import { RoutingContext } from './routing.context';
import { RoutingMetrics } from './routing.metrics';
import { ShadowRunner } from './shadow/shadow.runner';

type HookDone = (error?: Error) => void;
type SendDone = (error: Error | null, payload?: unknown) => void;

// The routing context travels on the raw request: a WeakMap keyed by short-lived requests costs every minor GC.
const CONTEXT = Symbol('switchyard.routingContext');
type WithContext = { [CONTEXT]?: RoutingContext };
const contextOf = (request: FastifyRequest): RoutingContext | undefined => (request.raw as WithContext)[CONTEXT];
const setContext = (request: FastifyRequest, context: RoutingContext): void => {
  (request.raw as WithContext)[CONTEXT] = context;
};

/**
 * Puts the routing decision in front of every request, as Fastify hooks, so unknown paths can be proxied
 * too: decide (onRequest), hand legacy's requests to the forwarder, let the fallback replace a failed
 * answer (onSend), and feed the rollback monitor (onResponse). See the library's README.
 */
@Injectable()
export class RoutingGateway implements OnModuleInit {
  private readonly logger = new Logger(RoutingGateway.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly state: RoutingState,
    private readonly proxy: LegacyProxy,
    private readonly identities: RequestIdentityResolver,
    private readonly forwarder: LegacyForwarder,
    private readonly fallback: FallbackRunner,
    private readonly shadow: ShadowRunner,
    private readonly recorder: RollbackRecorder,
    private readonly metrics: RoutingMetrics,
    @Inject(routingConfig.factory.KEY) private readonly config: ConfigType<typeof routingConfig.factory>,
  ) {}

  onModuleInit(): void {
    if (!this.proxy.enabled) {
      this.logger.log('LEGACY_BASE_URL is not set: Switchyard serves every request itself');
      return;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    this.shadow.attach(fastify);
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
    this.metrics.decisions.inc(decision.target, decision.reason);
    if (decision.target === 'new') {
      done();
      // A request answered within `done` (a fast path, a 404, a refusal) has nothing left to time out; only one
      // still in flight gets a deadline, so the hottest reads pay no timer.
      if (!reply.sent && !reply.raw.headersSent) this.fallback.watchDeadline(request, reply, context);
      return;
    }
    // Answered here: the remaining hooks and the router are skipped, so `done` is called only on failure.
    this.forwarder.serve(request, reply, context).catch(done);
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
    this.fallback.replay(request, reply, context, reason).then((replayed) => {
      if (replayed) return done(null, replayed);
      void reply.header(SERVED_BY_HEADER, context.servedBy);
      done(null, payload);
    }, done);
  }

  private observe(request: FastifyRequest, reply: FastifyReply): void {
    const context = contextOf(request);
    if (!context) return;
    clearTimeout(context.deadline);
    if (context.shadowRun) return;
    if (context.fallback) this.recorder.record(context, 'new', false, reply.elapsedTime);
    this.recorder.record(context, context.servedBy, reply.statusCode < 500, reply.elapsedTime);
  }
}
