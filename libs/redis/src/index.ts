export { redisConfig, RedisConfig } from './config/redis.config';
