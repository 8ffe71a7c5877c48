import { status } from '@grpc/grpc-js';
import type { StatusObject } from '@grpc/grpc-js';

export type EmulatedService = 'calcite' | 'seatunnel';

interface PlannedFailure {
  remaining: number;
  code: status;
  service?: EmulatedService;
}

/** Test control: the next calls answer a chosen gRPC status instead of being served. */
export class FailureInjector {
  private readonly planned: PlannedFailure[] = [];

  /** Plans are used in the order they were made; a plan without a service matches both. */
  failNext(count: number, code: status, service?: EmulatedService): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`failNext needs a positive whole count, got ${count}`);
    if (code === status.OK) throw new RangeError('failNext needs an error status, not OK');
    this.planned.push({ remaining: count, code, service });
  }

  /** The failure this call must answer, if one is planned for its service; consumes it. */
  take(service: EmulatedService): Partial<StatusObject> | undefined {
    const index = this.planned.findIndex((plan) => plan.service === undefined || plan.service === service);
    if (index === -1) return undefined;
    const plan = this.planned[index];
    plan.remaining -= 1;
    if (plan.remaining === 0) this.planned.splice(index, 1);
    return { code: plan.code, details: `Injected ${status[plan.code]} (JvmEmulator.failNext)` };
  }

  clear(): void {
    this.planned.length = 0;
  }
}
