import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ReadinessIndicator } from './readiness.indicator';

@Injectable()
export class DatabaseReadinessIndicator extends ReadinessIndicator {
  readonly name = 'database';

  constructor(private readonly typeOrm: TypeOrmHealthIndicator) {
    super();
  }

  async check(): Promise<HealthIndicatorResult> {
    return await this.typeOrm.pingCheck(this.name, { timeout: 2_000 });
  }
}
