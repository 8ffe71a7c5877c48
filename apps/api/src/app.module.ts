import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { SwitchyardConfigModule } from '@switchyard/config';
import { DatabaseModule } from '@switchyard/database';
import { GlobalExceptionFilter, RequestContextInterceptor, createValidationPipe } from '@switchyard/errors';
import { HealthModule } from '@switchyard/health';
import { LoggingModule } from '@switchyard/observability';
import { TenancyModule } from '@switchyard/tenancy';
import { DestinationStream } from 'pino';
import { CONFIG_DEFINITIONS } from './config.definitions';

export interface AppModuleOptions {
  /** Where logs go instead of stdout (tests read them from here). */
  logDestination?: DestinationStream;
  /** Extra modules mounted beside the built-in ones. */
  imports?: DynamicModule['imports'];
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SwitchyardConfigModule.forRoot(CONFIG_DEFINITIONS),
        LoggingModule.forRoot({ destination: options.logDestination }),
        DatabaseModule,
        TenancyModule,
        HealthModule.forRoot(),
        ...(options.imports ?? []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
