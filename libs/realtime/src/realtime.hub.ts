import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AuthUser } from '@switchyard/auth';
import { MetricsRegistry } from '@switchyard/observability';
import type { WebSocket } from 'ws';
import { realtimeConfig } from './config/realtime.config';
import { CloseCode } from './realtime.close-codes';
import { RealtimeEnvelope, WireMessage } from './realtime.message';

/** How long shutdown waits for clients to answer the 1001 close frame before the adapter cuts what is left. */
export const SHUTDOWN_CLOSE_WAIT_MS = 1_000;

interface Client {
  user: AuthUser;
  topics: Set<string>;
  missedPongs: number;
}

/**
 * This node's connected clients, their topics, and the rules that keep a socket's rights current:
 * the heartbeat drops silent clients, a socket closes (4401) when its token expires or its session
 * ends, and a client that does not read what it is sent is closed (4408) before its backlog grows.
 */
@Injectable()
export class RealtimeHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(RealtimeHub.name);
  private readonly clients = new Map<WebSocket, Client>();
  private readonly bySession = new Map<string, Set<WebSocket>>();
  private heartbeat?: NodeJS.Timeout;
  private readonly sent;
  private readonly closed;

  constructor(
    @Inject(realtimeConfig.factory.KEY) private readonly config: ConfigType<typeof realtimeConfig.factory>,
    metrics: MetricsRegistry,
  ) {
    const clients = this.clients;
    metrics.gauge('switchyard_ws_connections', 'Authenticated WebSocket connections on this node', [], function collect() {
      this.set(clients.size);
    });
    this.sent = metrics.counter('switchyard_ws_messages_sent_total', 'Messages pushed to WebSocket clients', []);
    this.closed = metrics.counter('switchyard_ws_closed_total', 'WebSocket connections the server closed, by reason', ['reason']);
  }

  get size(): number {
    return this.clients.size;
  }

  onModuleInit(): void {
    this.heartbeat = setInterval(() => this.beat(), this.config.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Before, not on, application shutdown: Nest's ws adapter terminates every socket when the server
   * closes (clients would see 1006, a cut connection), so the hub says goodbye first with 1001 and waits
   * a moment for the close handshakes; clients reconnect to another node at once.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    const sockets = [...this.clients.keys()];
    this.closed.inc({ reason: 'shutdown' }, sockets.length);
    this.clients.clear();
    this.bySession.clear();
    const handshakes = sockets.map(
      (socket) => new Promise<void>((resolve) => (socket.readyState === socket.CLOSED ? resolve() : socket.once('close', () => resolve()))),
    );
    for (const socket of sockets) socket.close(CloseCode.GoingAway, 'server shutting down');
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(handshakes), new Promise<void>((resolve) => (deadline = setTimeout(resolve, SHUTDOWN_CLOSE_WAIT_MS)))]);
    clearTimeout(deadline);
  }

  register(socket: WebSocket, user: AuthUser): void {
    const client: Client = { user, topics: new Set(), missedPongs: 0 };
    this.clients.set(socket, client);
    const sockets = this.bySession.get(user.sessionId) ?? new Set<WebSocket>();
    sockets.add(socket);
    this.bySession.set(user.sessionId, sockets);
    socket.on('pong', () => (client.missedPongs = 0));
  }

  remove(socket: WebSocket): void {
    const client = this.clients.get(socket);
    this.clients.delete(socket);
    if (!client) return;
    const sockets = this.bySession.get(client.user.sessionId);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.bySession.delete(client.user.sessionId);
  }

  userOf(socket: WebSocket): AuthUser | undefined {
    return this.clients.get(socket)?.user;
  }

  /** The callers of this node's sockets, one per session. */
  sessions(): AuthUser[] {
    const users: AuthUser[] = [];
    for (const sockets of this.bySession.values()) {
      const first = sockets.values().next().value as WebSocket | undefined;
      const client = first && this.clients.get(first);
      if (client) users.push(client.user);
    }
    return users;
  }

  /** Closes every socket of these sessions (logout, revocation, a changed role): their rights are gone. */
  closeSessions(sessionIds: readonly string[], reason: string): number {
    let closed = 0;
    for (const sessionId of sessionIds) {
      for (const socket of [...(this.bySession.get(sessionId) ?? [])]) {
        this.close(socket, CloseCode.Unauthorized, reason, 'session-ended');
        closed += 1;
      }
    }
    return closed;
  }

  /** Closes the sockets whose access token has expired by `now`. */
  closeExpired(now: number): number {
    let closed = 0;
    for (const [socket, client] of this.clients) {
      if (client.user.tokenExpiresAt !== undefined && client.user.tokenExpiresAt <= now) {
        this.close(socket, CloseCode.Unauthorized, 'token expired', 'token-expired');
        closed += 1;
      }
    }
    return closed;
  }

  /** False when the client already holds the maximum number of topics. */
  subscribe(socket: WebSocket, topic: string): boolean {
    const client = this.clients.get(socket);
    if (!client) return false;
    if (!client.topics.has(topic) && client.topics.size >= this.config.maxTopicsPerClient) return false;
    client.topics.add(topic);
    return true;
  }

  unsubscribe(socket: WebSocket, topic: string): void {
    this.clients.get(socket)?.topics.delete(topic);
  }

  /** Sends to the matching clients of this node; never across tenants (but admin topics), never into an unread backlog. */
  deliver(envelope: RealtimeEnvelope): number {
    const message = JSON.stringify({ event: envelope.event, data: envelope.data } satisfies WireMessage);
    let delivered = 0;
    for (const [socket, client] of this.clients) {
      if (!sameTenant(client, envelope) || !matches(client, envelope) || socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount + message.length > this.config.maxBufferedBytes) {
        this.logger.warn(
          { userId: client.user.userId, buffered: socket.bufferedAmount },
          'Closing a client that does not read its messages',
        );
        this.close(socket, CloseCode.SlowConsumer, 'slow consumer: messages were not being read', 'slow-consumer');
        continue;
      }
      socket.send(message);
      delivered += 1;
    }
    if (delivered > 0) this.sent.inc(delivered);
    return delivered;
  }

  private close(socket: WebSocket, code: number, reason: string, metricReason: 'session-ended' | 'token-expired' | 'slow-consumer'): void {
    this.remove(socket);
    socket.close(code, reason);
    this.closed.inc({ reason: metricReason });
  }

  /** A client that missed two pongs in a row is gone: terminate it rather than write into the void. */
  private beat(): void {
    for (const [socket, client] of this.clients) {
      if (client.missedPongs >= 2) {
        this.logger.debug({ userId: client.user.userId }, 'Dropping a client that missed two heartbeats');
        this.remove(socket);
        socket.terminate();
        this.closed.inc({ reason: 'heartbeat' });
        continue;
      }
      client.missedPongs += 1;
      socket.ping();
    }
  }
}

function matches(client: Client, envelope: RealtimeEnvelope): boolean {
  const { target } = envelope;
  if (target.kind === 'all') return true;
  if (target.kind === 'user') return client.user.userId === target.userId;
  return client.topics.has(target.topic);
}

/** Admin topics cross tenants: their subscribers were checked to be platform admins when they subscribed. */
function sameTenant(client: Client, envelope: RealtimeEnvelope): boolean {
  return envelope.target.kind === 'admin' || client.user.tenantId === envelope.tenantId;
}
