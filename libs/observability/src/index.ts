export { LoggingModule, LoggingModuleOptions } from './logging/logging.module';
export { loggingConfig, LoggingConfig } from './config/logging.config';
export { metricsConfig, MetricsConfig } from './config/metrics.config';
export { requestIdFor, REQUEST_ID_HEADER } from './logging/request-id';
export { requestLogContext, RequestLogContext } from './logging/request-context';
export { handlerOf } from './logging/access-log';
export { MetricsModule } from './metrics/metrics.module';
export { MetricsRegistry } from './metrics/metrics.registry';
export { serveClusterMetrics } from './metrics/cluster-metrics';
