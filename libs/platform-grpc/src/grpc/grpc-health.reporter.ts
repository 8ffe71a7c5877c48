import { Server } from '@grpc/grpc-js';
import { HealthImplementation, ServingStatus } from 'grpc-health-check';

/**
 * grpc.health.v1.Health for stock probes (grpc_health_probe, Kubernetes gRPC probes): the whole server
 * ('') and each named service are SERVING only while the node is ready, and NOT_SERVING from the moment
 * it starts to shut down. A Watch stream hears every change.
 */
export class GrpcHealthReporter {
  private readonly health: HealthImplementation;
  private stopping = false;

  constructor(private readonly services: readonly string[]) {
    this.health = new HealthImplementation(Object.fromEntries(['', ...services].map((service) => [service, 'NOT_SERVING'])));
  }

  addToServer(server: Server): void {
    this.health.addToServer(server);
  }

  report(ready: boolean): void {
    const status: ServingStatus = ready && !this.stopping ? 'SERVING' : 'NOT_SERVING';
    for (const service of ['', ...this.services]) this.health.setStatus(service, status);
  }

  stop(): void {
    this.stopping = true;
    this.report(false);
  }
}
