import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AuthUser } from '@switchyard/auth';
import type { WebSocket } from 'ws';
import { realtimeConfig } from './config/realtime.config';
import { RealtimeEnvelope, WireMessage } from './realtime.message';

interface Client {
  user: AuthUser;
  topics: Set<string>;
  missedPongs: number;
}

const GOING_AWAY = 1001;

/** This node's connected clients, their topics, and the heartbeat that drops the silent ones. */
@Injectable()
export class RealtimeHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeHub.name);
  private readonly clients = new Map<WebSocket, Client>();
  private heartbeat?: NodeJS.Timeout;

  constructor(@Inject(realtimeConfig.factory.KEY) private readonly config: ConfigType<typeof realtimeConfig.factory>) {}

  get size(): number {
    return this.clients.size;
  }

  onModuleInit(): void {
    this.heartbeat = setInterval(() => this.beat(), this.config.heartbeatMs);
    this.heartbeat.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    for (const socket of this.clients.keys()) socket.close(GOING_AWAY, 'server shutting down');
    this.clients.clear();
  }

  register(socket: WebSocket, user: AuthUser): void {
    const client: Client = { user, topics: new Set(), missedPongs: 0 };
    this.clients.set(socket, client);
    socket.on('pong', () => (client.missedPongs = 0));
  }

  remove(socket: WebSocket): void {
    this.clients.delete(socket);
  }

  userOf(socket: WebSocket): AuthUser | undefined {
    return this.clients.get(socket)?.user;
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

  /** Sends to the matching clients of this node; never across tenants. */
  deliver(envelope: RealtimeEnvelope): number {
    const message = JSON.stringify({ event: envelope.event, data: envelope.data } satisfies WireMessage);
    let delivered = 0;
    for (const [socket, client] of this.clients) {
      if (client.user.tenantId !== envelope.tenantId || !matches(client, envelope) || socket.readyState !== socket.OPEN) continue;
      socket.send(message);
      delivered += 1;
    }
    return delivered;
  }

  /** A client that missed two pongs in a row is gone: terminate it rather than write into the void. */
  private beat(): void {
    for (const [socket, client] of this.clients) {
      if (client.missedPongs >= 2) {
        this.logger.debug({ userId: client.user.userId }, 'Dropping a client that missed two heartbeats');
        this.clients.delete(socket);
        socket.terminate();
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
