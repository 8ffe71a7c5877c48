import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { IsIn } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

class LoggingEnvironment extends BaseEnvironment {
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';
}

export const loggingConfig = defineConfig('logging', LoggingEnvironment, (environment) => ({
  level: environment.LOG_LEVEL,
  format: environment.LOG_FORMAT,
}));

export type LoggingConfig = ReturnType<typeof loggingConfig.factory>;
