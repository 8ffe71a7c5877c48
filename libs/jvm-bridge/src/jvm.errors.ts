import { ServiceError, status } from '@grpc/grpc-js';
import { AppException, DependencyUnavailableException } from '@switchyard/errors';

export type JvmService = 'calcite' | 'seatunnel';

export enum JvmErrorCode {
  InvalidArgument = 'JVM_INVALID_ARGUMENT',
  NotFound = 'JVM_NOT_FOUND',
}

// Failures of the service itself: they count against its circuit breaker and answer 503.
const SERVICE_FAILURES = new Set<number>([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.INTERNAL,
  status.UNKNOWN,
  status.RESOURCE_EXHAUSTED,
]);

export function isServiceFailure(error: unknown): boolean {
  return SERVICE_FAILURES.has((error as Partial<ServiceError>).code ?? status.UNKNOWN);
}

/** A gRPC error in the API's terms: the caller's mistake stays a 4xx, the service's failure is a 503 naming it. */
export function toAppException(service: JvmService, error: unknown): AppException {
  const grpcError = error as Partial<ServiceError>;
  if (grpcError.code === status.INVALID_ARGUMENT)
    return new AppException(JvmErrorCode.InvalidArgument, 400, grpcError.details ?? 'Invalid argument', { service });
  if (grpcError.code === status.NOT_FOUND)
    return new AppException(JvmErrorCode.NotFound, 404, grpcError.details ?? 'Not found', { service });
  return new DependencyUnavailableException(service, error);
}

export function circuitOpen(service: JvmService): AppException {
  return new DependencyUnavailableException(service, new Error(`${service} circuit is open`));
}
