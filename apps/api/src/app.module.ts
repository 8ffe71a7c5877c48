import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { SwitchyardConfigModule } from '@switchyard/config';
import { DatabaseModule } from '@switchyard/database';
import { GlobalExceptionFilter, createValidationPipe } from '@switchyard/errors';
import { AuthModule } from '@switchyard/auth';
import { SwitchyardCacheModule } from '@switchyard/cache';
import { DatasourceModule } from '@switchyard/datasource';
import { HealthModule } from '@switchyard/health';
import { LoggingModule, MetricsModule } from '@switchyard/observability';
import { PlanModule } from '@switchyard/plan';
import { PlatformGrpcModule } from '@switchyard/platform-grpc';
import { RealtimeModule } from '@switchyard/realtime';
import { RoutingGatewayModule } from '@switchyard/routing-gateway';
import { SchedulerModule } from '@switchyard/scheduler';
import { JvmBridgeModule, CalciteReadinessIndicator, SeaTunnelReadinessIndicator } from '@switchyard/jvm-bridge';
import { SqlModule } from '@switchyard/sql';
import { SyncModule } from '@switchyard/sync';
import { RedisModule, RedisReadinessIndicator } from '@switchyard/redis';
import { TenancyModule, TenancyUserDirectory } from '@switchyard/tenancy';
import { LegacyWritesWiring } from './legacy-writes.wiring';
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
        RedisModule,
        SwitchyardCacheModule,
        AuthModule.forRoot({ imports: [TenancyModule], userDirectory: TenancyUserDirectory }),
        TenancyModule,
        DatasourceModule,
        RoutingGatewayModule,
        RealtimeModule,
        SchedulerModule,
        JvmBridgeModule,
        SqlModule,
        PlatformGrpcModule,
        SyncModule,
        MetricsModule,
        PlanModule.forRoot({ withController: true }),
        HealthModule.forRoot({ indicators: [RedisReadinessIndicator, CalciteReadinessIndicator, SeaTunnelReadinessIndicator] }),
        ...(options.imports ?? []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        LegacyWritesWiring,
      ],
    };
  }
}
