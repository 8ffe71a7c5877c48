export { HealthModule } from './health.module';
export { ReadinessIndicator } from './readiness.indicator';
