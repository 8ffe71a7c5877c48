import { Injectable } from '@nestjs/common';
import { AuthErrorCode, AuthException, AuthUser, JwtAuthGuard, PlatformAdminGuard } from '@switchyard/auth';
import { AppException } from '@switchyard/errors';
import { SpaceAccessService } from '@switchyard/tenancy';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { BroadcastAcceptedDto, BroadcastDto } from './broadcast.dto';
import { RealtimeErrorCode, RealtimeException } from './realtime.errors';
import { RealtimeHub } from './realtime.hub';
import { RealtimeTarget, SPACE_TOPIC, WireMessage, isAdminTopic } from './realtime.message';
import { RealtimePublisher } from './realtime.publisher';

/** The rules of the realtime hub: who may connect, which topics they may hear, and who may broadcast. */
@Injectable()
export class RealtimeService {
  constructor(
    private readonly auth: JwtAuthGuard,
    private readonly platformAdmins: PlatformAdminGuard,
    private readonly access: SpaceAccessService,
    private readonly hub: RealtimeHub,
    private readonly publisher: RealtimePublisher,
  ) {}

  /** The caller of a WebSocket upgrade (token in `?token=` or `Authorization`), or undefined. */
  async authenticate(request: IncomingMessage): Promise<AuthUser | undefined> {
    const token = new URL(request.url ?? '/', 'http://switchyard').searchParams.get('token');
    const authorization = token ? `Bearer ${token}` : request.headers.authorization;
    try {
      return await this.auth.authenticate(authorization);
    } catch {
      return undefined;
    }
  }

  /** Topics are spaces the caller may read, or admin topics for platform admins; anything else is answered with an error event. */
  async subscribe(socket: WebSocket, user: AuthUser, topic: unknown): Promise<WireMessage> {
    try {
      if (isAdminTopic(topic)) await this.requirePlatformAdmin(user);
      else await this.access.require(user, this.spaceOf(topic), 'read');
      if (!this.hub.subscribe(socket, topic as string))
        throw new RealtimeException(RealtimeErrorCode.TooManyTopics, 'This connection holds the maximum number of topics');
      return { event: 'subscribed', data: { topic } };
    } catch (error) {
      return errorMessage(error, topic);
    }
  }

  unsubscribe(socket: WebSocket, topic: unknown): WireMessage {
    if (typeof topic === 'string') this.hub.unsubscribe(socket, topic);
    return { event: 'unsubscribed', data: { topic } };
  }

  /** Pushes to every node's matching clients, within the caller's tenant. */
  async broadcast(caller: AuthUser, request: BroadcastDto): Promise<BroadcastAcceptedDto> {
    const target = await this.targetOf(caller, request);
    await this.publisher.publish({ tenantId: caller.tenantId, target, event: request.event, data: request.data });
    return { event: request.event, target };
  }

  private async requirePlatformAdmin(user: AuthUser): Promise<void> {
    if (!(await this.platformAdmins.isPlatformAdmin(user)))
      throw new AuthException(AuthErrorCode.Forbidden, 'Only owners and admins of the platform tenant may use this');
  }

  private async targetOf(caller: AuthUser, request: BroadcastDto): Promise<RealtimeTarget> {
    if (request.topic !== undefined && request.userId !== undefined) {
      throw new RealtimeException(RealtimeErrorCode.InvalidTarget, 'Give a topic or a userId, not both', [
        { field: 'topic', reason: 'topic and userId are exclusive' },
      ]);
    }
    if (request.userId !== undefined) return { kind: 'user', userId: request.userId };
    if (request.topic === undefined) return { kind: 'all' };
    await this.access.require(caller, this.spaceOf(request.topic), 'read');
    return { kind: 'topic', topic: request.topic };
  }

  private spaceOf(topic: unknown): string {
    const match = typeof topic === 'string' ? SPACE_TOPIC.exec(topic) : null;
    if (!match)
      throw new RealtimeException(RealtimeErrorCode.InvalidTopic, 'topic must be space:<space id> or admin:routing', [
        { field: 'topic', reason: 'topic must be space:<space id> or admin:routing' },
      ]);
    return match[1]!;
  }
}

function errorMessage(error: unknown, topic: unknown): WireMessage {
  if (error instanceof AppException) return { event: 'error', data: { code: error.code, message: error.message, topic } };
  throw error;
}
