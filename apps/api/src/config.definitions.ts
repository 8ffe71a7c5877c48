import { authConfig } from '@switchyard/auth';
import { ConfigDefinition, appConfig } from '@switchyard/config';
import { databaseConfig } from '@switchyard/database';
import { loggingConfig } from '@switchyard/observability';
import { redisConfig } from '@switchyard/redis';
import { bootstrapConfig } from '@switchyard/tenancy';

/** Every lib's configuration; validated together so one start-up lists every problem. */
export const CONFIG_DEFINITIONS: readonly ConfigDefinition[] = [appConfig, loggingConfig, databaseConfig, redisConfig, authConfig, bootstrapConfig];
