import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { defaultConsoleDirectory } from '../console.directory';

class ConsoleEnvironment extends BaseEnvironment {
  @IsIn(['on', 'off'])
  CONSOLE: 'on' | 'off' = 'on';

  @IsOptional()
  @IsString()
  CONSOLE_DIR?: string;
}

export const consoleConfig = defineConfig('console', ConsoleEnvironment, (environment) => ({
  enabled: environment.CONSOLE === 'on',
  directory: environment.CONSOLE_DIR ?? defaultConsoleDirectory(),
}));

export type ConsoleConfig = ReturnType<typeof consoleConfig.factory>;
