import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessIndicator } from '@switchyard/health';
import { RedisConnection } from './redis.connection';

/** Redis readiness; in the embedded profile there is no Redis and the check reports the in-process mode. */
@Injectable()
export class RedisReadinessIndicator extends ReadinessIndicator {
  readonly name = 'redis';

  constructor(
    private readonly redis: RedisConnection,
    private readonly indicators: HealthIndicatorService,
  ) {
    super();
  }

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(this.name);
    if (!this.redis.configured) return indicator.up({ mode: 'in-process' });
    try {
      await this.redis.client.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
