import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';
import { AppException } from '@switchyard/errors';
import { READINESS_INDICATORS, ReadinessIndicator } from './readiness.indicator';

/** What a probe may tell anyone who asks: the state, never a dependency's error text (addresses, users, versions). */
const PUBLIC_FIELDS = ['status', 'mode', 'circuit'];

function publicView<T extends Partial<HealthIndicatorResult> | undefined>(results: T): T {
  if (!results) return results;
  const view: Partial<HealthIndicatorResult> = {};
  for (const [name, result] of Object.entries(results)) {
    if (result) view[name] = Object.fromEntries(Object.entries(result).filter(([field]) => PUBLIC_FIELDS.includes(field))) as typeof result;
  }
  return view as T;
}

@Injectable()
export class HealthService {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
  ) {}

  /** 503 names every failing check, so the operator sees which dependency is down. */
  async readiness(): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check(this.indicators.map((indicator) => () => indicator.check()));
      return { status: result.status, info: publicView(result.info), error: publicView(result.error), details: publicView(result.details) };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.keys(result.error ?? {});
      // The reasons go to the operator's log, not to whoever can reach the probe.
      this.logger.warn({ failing: result.error }, `Not ready: ${failing.join(', ')} unavailable`);
      throw new AppException('NOT_READY', 503, `Not ready: ${failing.join(', ')} unavailable`, publicView(result.details));
    }
  }
}
