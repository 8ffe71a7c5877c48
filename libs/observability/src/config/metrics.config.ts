import {
  BaseEnvironment,
  ENDPOINT_ACCESS_MODES,
  EndpointAccess,
  EndpointAccessMode,
  EndpointToken,
  defineConfig,
  endpointAccessModeOf,
} from '@switchyard/config';
import { IsIn, IsOptional } from 'class-validator';

class MetricsEnvironment extends BaseEnvironment {
  /** Who may scrape /metrics; unset = off in production, open elsewhere. */
  @IsOptional()
  @IsIn(ENDPOINT_ACCESS_MODES, { message: `must be one of ${ENDPOINT_ACCESS_MODES.join(', ')}` })
  METRICS_ACCESS?: EndpointAccessMode;

  // What Prometheus sends with `authorization: { credentials: ... }` (Authorization: Bearer <token>).
  @EndpointToken('METRICS_ACCESS')
  METRICS_TOKEN?: string;
}

export const metricsConfig = defineConfig('metrics', MetricsEnvironment, (environment) => ({
  access: EndpointAccess.of(endpointAccessModeOf(environment, 'METRICS_ACCESS')!, environment.METRICS_TOKEN),
}));

export type MetricsConfig = ReturnType<typeof metricsConfig.factory>;
