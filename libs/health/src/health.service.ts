import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { AppException } from '@switchyard/errors';
import { READINESS_INDICATORS, ReadinessIndicator } from './readiness.indicator';

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
  ) {}

  /** 503 names every failing check, so the operator sees which dependency is down. */
  async readiness(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.indicators.map((indicator) => () => indicator.check()));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.keys(result.error ?? {});
      throw new AppException('NOT_READY', 503, `Not ready: ${failing.join(', ')} unavailable`, result.details);
    }
  }
}
