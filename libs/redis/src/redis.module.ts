import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventBus } from './events/event.bus';
import { MemoryEventBus } from './events/memory-event.bus';
import { RedisEventBus } from './events/redis-event.bus';
import { RedisReadinessIndicator } from './redis.indicator';
import { RedisConnection } from './redis.connection';

@Global()
@Module({
  imports: [TerminusModule],
  providers: [
    RedisConnection,
    RedisReadinessIndicator,
    // Picked once: Redis pub/sub across nodes, or in-process delivery when single-node.
    {
      provide: EventBus,
      inject: [RedisConnection],
      useFactory: (redis: RedisConnection) => (redis.configured ? new RedisEventBus(redis) : new MemoryEventBus()),
    },
  ],
  exports: [RedisConnection, RedisReadinessIndicator, EventBus],
})
export class RedisModule {}
