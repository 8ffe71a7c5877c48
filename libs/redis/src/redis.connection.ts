import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DependencyUnavailableException } from '@switchyard/errors';
import { MetricsRegistry } from '@switchyard/observability';
import Redis from 'ioredis';
import { redisConfig } from './config/redis.config';

/**
 * The one shared ioredis connection. It fails fast instead of queueing while Redis is away,
 * so callers answer 503 (or degrade) at once instead of hanging.
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnection.name);
  private connection?: Redis;
  private readonly errors;

  constructor(
    @Inject(redisConfig.factory.KEY) private readonly config: ConfigType<typeof redisConfig.factory>,
    metrics: MetricsRegistry,
  ) {
    this.errors = metrics.counter('switchyard_redis_errors_total', 'Redis connection errors and failed commands', ['kind']);
  }

  get configured(): boolean {
    return this.config.url !== undefined;
  }

  get client(): Redis {
    if (!this.config.url) throw new Error('REDIS_URL is not set: use the in-process implementation');
    this.connection ??= this.connect(this.config.url);
    return this.connection;
  }

  /** Connects at start-up (commands are not queued while connecting); a Redis that is down only delays readiness. */
  async onModuleInit(): Promise<void> {
    if (!this.configured) return;
    if (!(await this.whenReady(this.client)))
      this.logger.warn(`Redis did not answer within ${this.config.connectTimeoutMs} ms; starting anyway, readiness reports it`);
  }

  /** Resolves true once `client` is connected, false after the connect timeout; never rejects. */
  async whenReady(client: Redis): Promise<boolean> {
    if (client.status === 'ready') return true;
    let timer: NodeJS.Timeout | undefined;
    let onReady: (() => void) | undefined;
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => client.once('ready', (onReady = () => resolve(true)))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.config.connectTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (onReady) client.off('ready', onReady);
    return ready;
  }

  /** `<prefix>:<part>:<part>`: every key Switchyard writes is namespaced (see README, "Redis keys"). */
  key(...parts: string[]): string {
    return [this.config.keyPrefix, ...parts].join(':');
  }

  /** Runs a command; a connection failure becomes a 503 naming Redis. */
  async run<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    try {
      return await command(this.client);
    } catch (error) {
      this.errors.inc({ kind: 'command' });
      throw new DependencyUnavailableException('redis', error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.connection) return;
    await this.connection.quit().catch(() => this.connection?.disconnect());
  }

  private connect(url: string): Redis {
    const client = new Redis(url, {
      connectTimeout: this.config.connectTimeoutMs,
      commandTimeout: this.config.connectTimeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    let healthy = true;
    client.on('error', (error) => {
      this.errors.inc({ kind: 'connection' });
      if (healthy) this.logger.warn(`Redis connection lost: ${error.message}`);
      healthy = false;
    });
    client.on('ready', () => {
      if (!healthy) this.logger.log('Redis connection restored');
      healthy = true;
    });
    return client;
  }
}
