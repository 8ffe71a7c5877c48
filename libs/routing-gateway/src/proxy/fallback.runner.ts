import { Injectable, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { sendableBody } from './body.capture';
import { RoutingContext } from '../routing.context';
import { RoutingMetrics } from '../routing.metrics';
import { FALLBACK_HEADER, SERVED_BY_HEADER, canReplay } from './core/fallback.policy';
import { LegacyRequestBuilder } from './legacy-request.builder';
import { LegacyProxy } from './legacy.proxy';

/** Automatic fallback: a new-side GET or HEAD that is too slow or fails is answered by legacy instead (D60). */
@Injectable()
export class FallbackRunner {
  private readonly logger = new Logger(FallbackRunner.name);

  constructor(
    private readonly proxy: LegacyProxy,
    private readonly requests: LegacyRequestBuilder,
    private readonly metrics: RoutingMetrics,
  ) {}

  /** A new-side handler slower than the rule's timeout is answered by legacy, when the request may be replayed. */
  watchDeadline(request: FastifyRequest, reply: FastifyReply, context: RoutingContext): void {
    const { decision } = context;
    if (decision.fallback === 'off' || decision.timeoutMs === undefined) return;
    // Cleared when the answer is sent (onSend) or the request ends (onResponse), whichever comes first.
    context.deadline = setTimeout(() => void this.onDeadline(request, reply, context), decision.timeoutMs);
    context.deadline.unref();
  }

  /** Legacy's answer replaces the failed one: its body streams to the client (one buffer when it came whole), never awaited whole here. */
  async replay(
    request: FastifyRequest,
    reply: FastifyReply,
    context: RoutingContext,
    reason: string,
  ): Promise<Readable | Buffer | undefined> {
    try {
      const legacy = await this.proxy.forward(this.requests.build(request, reply, context, undefined));
      for (const name of Object.keys(reply.getHeaders())) if (name !== 'x-request-id') reply.removeHeader(name);
      void reply.code(legacy.status).headers(legacy.headers).header(SERVED_BY_HEADER, 'legacy').header(FALLBACK_HEADER, reason);
      context.servedBy = 'legacy';
      context.fallback = reason;
      this.metrics.fallbacks.inc({ feature: context.decision.feature ?? '', reason });
      return sendableBody(legacy.body);
    } catch (error) {
      this.logger.warn({ reason, error: (error as Error).message }, 'Fallback to legacy failed; returning the new-side answer');
      return undefined;
    }
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
      const legacy = await this.proxy.forward(this.requests.build(request, reply, context, undefined));
      if (reply.sent) {
        legacy.body.destroy();
        return;
      }
      this.metrics.fallbacks.inc({ feature: context.decision.feature ?? '', reason: 'new-timeout' });
      await reply.code(legacy.status).headers(legacy.headers).header(FALLBACK_HEADER, 'new-timeout').send(sendableBody(legacy.body));
    } catch (error) {
      if (!reply.sent) await reply.send(error);
    }
  }
}
