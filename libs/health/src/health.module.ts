import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseReadinessIndicator } from './database.indicator';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { READINESS_INDICATORS, ReadinessIndicator } from './readiness.indicator';

@Module({})
export class HealthModule {
  /** `indicators` are the dependencies readiness waits for, besides the database. */
  static forRoot(options: { imports?: DynamicModule['imports']; indicators?: Type<ReadinessIndicator>[] } = {}): DynamicModule {
    const indicators = [DatabaseReadinessIndicator, ...(options.indicators ?? [])];
    const collect: Provider = {
      provide: READINESS_INDICATORS,
      inject: indicators,
      useFactory: (...instances: ReadinessIndicator[]) => instances,
    };
    return {
      module: HealthModule,
      // Readiness is also what the gRPC health service reports.
      global: true,
      exports: [HealthService],
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [HealthService, ...indicators, collect],
    };
  }
}
