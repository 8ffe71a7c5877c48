import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { AuthUser } from '@switchyard/auth';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { RealtimeHub } from './realtime.hub';
import { WireMessage } from './realtime.message';
import { RealtimeService } from './realtime.service';

import { CloseCode } from './realtime.close-codes';

export const UNAUTHORIZED_CLOSE_CODE = CloseCode.Unauthorized;

/** `/ws`: authenticate on connect, then subscribe, unsubscribe and ping. */
@WebSocketGateway({ path: '/ws' })
export class RealtimeGateway implements OnGatewayConnection, OnGatewayDisconnect {
  // Messages can arrive while the token is still being checked; handlers wait for the outcome.
  private readonly callers = new WeakMap<WebSocket, Promise<AuthUser | undefined>>();

  constructor(
    private readonly realtime: RealtimeService,
    private readonly hub: RealtimeHub,
  ) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const caller = this.realtime.authenticate(request).then((user) => {
      if (user) this.hub.register(socket, user);
      else socket.close(UNAUTHORIZED_CLOSE_CODE, 'unauthorized');
      return user;
    });
    this.callers.set(socket, caller);
  }

  handleDisconnect(socket: WebSocket): void {
    this.hub.remove(socket);
  }

  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: WebSocket,
    @MessageBody() data: { topic?: unknown } | undefined,
  ): Promise<WireMessage | undefined> {
    const user = await this.callers.get(socket);
    return user && this.realtime.subscribe(socket, user, data?.topic);
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(
    @ConnectedSocket() socket: WebSocket,
    @MessageBody() data: { topic?: unknown } | undefined,
  ): Promise<WireMessage | undefined> {
    const user = await this.callers.get(socket);
    return user && this.realtime.unsubscribe(socket, data?.topic);
  }

  @SubscribeMessage('ping')
  async ping(@ConnectedSocket() socket: WebSocket): Promise<WireMessage | undefined> {
    const user = await this.callers.get(socket);
    return user && { event: 'pong' };
  }
}
