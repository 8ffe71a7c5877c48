import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ConfigDefinition } from './config.definition';
import { validateEnvironment } from './environment.validator';

@Module({})
export class SwitchyardConfigModule {
  /** Loads every lib's config and validates all of them together before anything else starts. */
  static forRoot(definitions: readonly ConfigDefinition[]): Promise<DynamicModule> {
    return ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      envFilePath: process.env.NODE_ENV === 'test' ? [] : ['.env'],
      load: definitions.map((definition) => definition.factory),
      validate: (variables) => validateEnvironment(variables, definitions),
    });
  }
}
