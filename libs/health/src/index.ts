export { HealthModule } from './health.module';
export { ReadinessIndicator } from './readiness.indicator';
export { HealthService } from './health.service';
