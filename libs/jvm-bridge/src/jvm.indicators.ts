import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessIndicator } from '@switchyard/health';
import { CalciteClient } from './calcite.client';
import { SeaTunnelClient } from './seatunnel.client';

const READY_DEADLINE_MS = 1_000;

async function check(
  name: string,
  client: CalciteClient | SeaTunnelClient,
  indicators: HealthIndicatorService,
): Promise<HealthIndicatorResult> {
  const indicator = indicators.check(name);
  if (!client.configured) return indicator.up({ mode: 'not-configured' });
  if (client.breaker.state === 'open') return indicator.down({ circuit: 'open' });
  try {
    await client.waitForReady(READY_DEADLINE_MS);
    return indicator.up({ circuit: client.breaker.state });
  } catch (error) {
    return indicator.down({ message: (error as Error).message });
  }
}

@Injectable()
export class CalciteReadinessIndicator extends ReadinessIndicator {
  readonly name = 'calcite';

  constructor(
    private readonly calcite: CalciteClient,
    private readonly indicators: HealthIndicatorService,
  ) {
    super();
  }

  check(): Promise<HealthIndicatorResult> {
    return check(this.name, this.calcite, this.indicators);
  }
}

@Injectable()
export class SeaTunnelReadinessIndicator extends ReadinessIndicator {
  readonly name = 'seatunnel';

  constructor(
    private readonly seatunnel: SeaTunnelClient,
    private readonly indicators: HealthIndicatorService,
  ) {
    super();
  }

  check(): Promise<HealthIndicatorResult> {
    return check(this.name, this.seatunnel, this.indicators);
  }
}
