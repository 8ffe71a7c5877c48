import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@switchyard/common';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IncomingHttpHeaders } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { diffJson } from './core/json.diff';
import { readUpTo } from '../proxy/body.capture';
import { LegacyResponse } from '../proxy/legacy.proxy';
import { RollbackRecorder } from '../rollback/rollback.recorder';
import { RoutingContext } from '../routing.context';
import { RoutingMetrics } from '../routing.metrics';
import { RoutingState } from '../document/routing.state';

const SHADOW_HEADER = 'x-switchyard-shadow';
const SHADOW_BODY_LIMIT = 1_048_576;

/** Shadow mode: the client gets legacy's answer; the same request then runs on the new side and the two are compared. */
@Injectable()
export class ShadowRunner {
  private readonly logger = new Logger(ShadowRunner.name);
  // Marks the replays this node makes of itself, so they are served locally and never routed again.
  private readonly token = randomBytes(16).toString('hex');
  private readonly tokenBytes = Buffer.from(this.token, 'latin1');
  private inFlight = 0;
  private fastify?: FastifyInstance;

  constructor(
    private readonly state: RoutingState,
    private readonly metrics: RoutingMetrics,
    private readonly recorder: RollbackRecorder,
    private readonly clock: Clock,
  ) {}

  attach(fastify: FastifyInstance): void {
    this.fastify = fastify;
  }

  /** A client can send the header too: its value is compared in constant time, and only when present. */
  isShadowRun(headers: IncomingHttpHeaders): boolean {
    const value = headers[SHADOW_HEADER];
    if (typeof value !== 'string' || value.length !== this.token.length) return false;
    return timingSafeEqual(Buffer.from(value, 'latin1'), this.tokenBytes);
  }

  async serve(request: FastifyRequest, reply: FastifyReply, context: RoutingContext, legacy: LegacyResponse): Promise<void> {
    const body = await readUpTo(legacy.body, SHADOW_BODY_LIMIT);
    // Compared only when small enough to hold; a larger answer still reaches the client whole, unread twice.
    if ('whole' in body) void this.run(request, context, legacy.status, body.whole);
    else this.state.shadowReport.recordSkipped(context.decision.routeKey ?? context.decision.path);
    await reply
      .code(legacy.status)
      .headers(legacy.headers)
      .send('whole' in body ? body.whole : body.tooLarge);
  }

  /** Runs after the client has its answer; bounded, never on the client's clock. */
  private async run(request: FastifyRequest, context: RoutingContext, legacyStatus: number, legacyBody: Buffer): Promise<void> {
    const routeKey = context.decision.routeKey ?? context.decision.path;
    if (!this.fastify || this.inFlight >= this.state.document.shadow.maxConcurrency) {
      this.state.shadowReport.recordSkipped(routeKey);
      return;
    }
    this.inFlight += 1;
    try {
      const headers = { ...request.headers, [SHADOW_HEADER]: this.token } as Record<string, string | string[]>;
      const started = this.clock.now();
      const result = await this.fastify.inject({ method: request.method as 'GET', url: request.url, headers });
      this.recorder.record(context, 'new', result.statusCode < 500, this.clock.now() - started);
      const differences = diffJson(parseJson(legacyBody), parseJson(result.rawPayload), {
        ignorePaths: this.state.ignorePaths,
        maxDifferences: this.state.document.shadow.maxDifferences,
      });
      const comparison = {
        routeKey,
        method: request.method,
        path: context.decision.path,
        legacyStatus,
        newStatus: result.statusCode,
        differences,
        // Kept (cut to a bound) only when they differ: the console shows a recorded difference with both answers whole.
        legacyBody,
        newBody: result.rawPayload,
      };
      this.metrics.shadow.inc({ route: routeKey, outcome: this.state.shadowReport.record(comparison) });
    } catch (error) {
      this.state.shadowReport.recordFailure(routeKey);
      this.logger.warn({ routeKey, error: (error as Error).message }, 'Shadow request failed');
    } finally {
      this.inFlight -= 1;
    }
  }
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
