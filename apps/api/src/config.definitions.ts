import { authConfig } from '@switchyard/auth';
import { cacheConfig } from '@switchyard/cache';
import { consoleConfig } from '@switchyard/console';
import { ConfigDefinition, appConfig } from '@switchyard/config';
import { databaseConfig } from '@switchyard/database';
import { datasourceConfig } from '@switchyard/datasource';
import { loggingConfig, metricsConfig } from '@switchyard/observability';
import { platformGrpcConfig } from '@switchyard/platform-grpc';
import { realtimeConfig } from '@switchyard/realtime';
import { jvmConfig } from '@switchyard/jvm-bridge';
import { redisConfig } from '@switchyard/redis';
import { schedulerConfig } from '@switchyard/scheduler';
import { routingConfig } from '@switchyard/routing-gateway';
import { bootstrapConfig } from '@switchyard/tenancy';

/** Every lib's configuration; validated together so one start-up lists every problem. */
export const CONFIG_DEFINITIONS: readonly ConfigDefinition[] = [
  appConfig,
  loggingConfig,
  metricsConfig,
  databaseConfig,
  redisConfig,
  authConfig,
  cacheConfig,
  bootstrapConfig,
  datasourceConfig,
  routingConfig,
  realtimeConfig,
  schedulerConfig,
  jvmConfig,
  platformGrpcConfig,
  consoleConfig,
];
