import { Global, Module } from '@nestjs/common';
import { MetricsRegistry } from './metrics.registry';

/** The application's MetricsRegistry for every module; MetricsModule adds the exposition and the HTTP histogram. */
@Global()
@Module({ providers: [MetricsRegistry], exports: [MetricsRegistry] })
export class MetricsRegistryModule {}
