import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisConnection } from '../redis.connection';
import { EventBus } from './event.bus';

/** Pub/sub on `<prefix>:events:<channel>`; a subscribing connection cannot run other commands, hence its own. */
@Injectable()
export class RedisEventBus extends EventBus implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisEventBus.name);
  private readonly handlers = new Map<string, Array<(message: unknown) => void>>();
  private subscriber?: Redis;

  constructor(private readonly redis: RedisConnection) {
    super();
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.redis.run((client) => client.publish(this.redis.key('events', channel), JSON.stringify(message)));
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<void> {
    const key = this.redis.key('events', channel);
    this.handlers.set(key, [...(this.handlers.get(key) ?? []), handler]);
    // Subscriptions are replayed by ioredis after a reconnect.
    await this.connection().subscribe(key);
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    this.subscriber = this.redis.client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('error', (error) => this.logger.debug(`Event bus connection: ${error.message}`));
    this.subscriber.on('message', (key: string, raw: string) => this.deliver(key, raw));
    return this.subscriber;
  }

  private deliver(key: string, raw: string): void {
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      this.logger.warn({ channel: key }, 'Dropped an event that is not JSON');
      return;
    }
    for (const handler of this.handlers.get(key) ?? []) {
      try {
        handler(message);
      } catch (error) {
        this.logger.error({ channel: key, err: error }, 'Event handler failed');
      }
    }
  }
}
