import { HealthIndicatorResult } from '@nestjs/terminus';

/** A dependency readiness depends on; modules that own a dependency provide one under READINESS_INDICATORS. */
export abstract class ReadinessIndicator {
  abstract readonly name: string;
  abstract check(): Promise<HealthIndicatorResult>;
}

export const READINESS_INDICATORS = Symbol('READINESS_INDICATORS');
