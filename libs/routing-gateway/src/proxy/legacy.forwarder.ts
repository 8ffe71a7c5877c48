import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { appConfig } from '@switchyard/config';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { RequestIdentity } from '../decision/request-identity.resolver';
import { RoutingContext, hasRequestBody } from '../routing.context';
import { RoutingException } from '../routing.errors';
import { ShadowRunner } from '../shadow/shadow.runner';
import { ByteLimit, readAll, sendableBody } from './body.capture';
import { shouldShadow } from './core/fallback.policy';
import { LegacyRequestBuilder, isBodyless } from './legacy-request.builder';
import { LegacyProxy } from './legacy.proxy';
import { LegacyWrites, isLegacyWrite } from './legacy-writes';

/** Serves a request routed to legacy (or to shadow): the body within its limit, the call, the write followed, the answer sent. */
@Injectable()
export class LegacyForwarder {
  constructor(
    private readonly proxy: LegacyProxy,
    private readonly requests: LegacyRequestBuilder,
    private readonly writes: LegacyWrites,
    private readonly shadow: ShadowRunner,
    @Inject(appConfig.factory.KEY) private readonly app: ConfigType<typeof appConfig.factory>,
  ) {}

  async serve(request: FastifyRequest, reply: FastifyReply, context: RoutingContext): Promise<void> {
    // An anonymous request streams through; a signed one is read whole first, since its digest is signed.
    const body = context.identity ? await this.bufferBody(request, reply) : this.streamBody(request, reply);
    const legacy = await this.proxy.forward(this.requests.build(request, reply, context, body));
    // Reads (the bulk of what is proxied) follow nothing: they pay no extra await.
    if (context.identity && isLegacyWrite(request.method, legacy.status)) {
      try {
        await this.followWrite(request, context.identity, legacy.status);
      } catch (error) {
        legacy.body.destroy();
        throw error;
      }
    }
    if (context.decision.target === 'shadow' && shouldShadow(context.decision, request.method)) {
      return this.shadow.serve(request, reply, context, legacy);
    }
    // Not awaited: awaiting a reply waits for the whole answer to be written, which Fastify already sees
    // through (a stream that fails midway destroys the response); it cost every proxied request a watcher.
    // An answer already here whole goes out as one buffer with its length; any other streams as it comes.
    void reply.code(legacy.status).headers(legacy.headers).send(sendableBody(legacy.body));
  }

  /** The whole body, up to BODY_LIMIT_BYTES (Fastify's limit for bodies it parses); none for GET and HEAD. */
  private async bufferBody(request: FastifyRequest, reply: FastifyReply): Promise<Buffer | undefined> {
    if (isBodyless(request.method) || !hasRequestBody(request)) return undefined;
    const limit = this.app.bodyLimitBytes;
    const body = Number(request.headers['content-length'] ?? 0) > limit ? undefined : await readAll(request.raw, limit);
    if (body === undefined) throw tooLarge(reply, limit);
    return body;
  }

  /**
   * An anonymous request's body streams to legacy, held to BODY_LIMIT_BYTES like every body Switchyard
   * takes: a declared length above it is refused before legacy is called, a longer stream fails the call.
   */
  private streamBody(request: FastifyRequest, reply: FastifyReply): Readable | undefined {
    if (isBodyless(request.method) || !hasRequestBody(request)) return undefined;
    const limit = this.app.bodyLimitBytes;
    if (Number(request.headers['content-length'] ?? 0) > limit) throw tooLarge(reply, limit);
    const limited = new ByteLimit(limit);
    limited.once('error', () => void reply.header('connection', 'close'));
    return request.raw.pipe(limited);
  }

  /** Legacy committed a write: the state Switchyard keeps beside the shared database follows before the client hears of it. */
  private async followWrite(request: FastifyRequest, identity: RequestIdentity, status: number): Promise<void> {
    const query = request.url.indexOf('?');
    await this.writes.applied({
      method: request.method,
      path: query === -1 ? request.url : request.url.slice(0, query),
      tenantId: identity.tenantId,
      userId: identity.userId,
      status,
    });
  }
}

/** The rest of an oversized body is never read: the connection cannot carry another request after the 413. */
function tooLarge(reply: FastifyReply, limit: number): RoutingException {
  void reply.header('connection', 'close');
  return RoutingException.payloadTooLarge(limit);
}
