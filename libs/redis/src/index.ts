export { redisConfig, RedisConfig } from './config/redis.config';
export { RedisConnection } from './redis.connection';
export { RedisModule } from './redis.module';
export { RedisReadinessIndicator } from './redis.indicator';
export { EventBus } from './events/event.bus';
