import { Metadata, StatusObject, status } from '@grpc/grpc-js';
import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { grpcMethodOf } from './grpc-call.context';
import { toGrpcStatus } from './grpc-status.mapping';
import { GrpcServerMetrics } from './grpc-server.metrics';

export const ERROR_CODE_METADATA = 'x-error-code';

/**
 * The one way a platform gRPC failure leaves, whatever threw it (guard, pipe or handler): the status code
 * of its AppException with a safe message, the stable error code in the `x-error-code` trailer, counted
 * by method and code. Anything unexpected is INTERNAL, logged here since the caller learns nothing.
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('PlatformGrpc');

  constructor(private readonly metrics: GrpcServerMetrics) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const method = grpcMethodOf(host);
    const { code, details, errorCode } = toGrpcStatus(exception);
    this.metrics.answered(method, code);
    // A dependency outage is operations noise (warn); an unmapped error is a defect (error).
    if (code === status.INTERNAL) this.logger.error({ err: exception, method }, `${method} failed: ${(exception as Error)?.message}`);
    else if (code === status.UNAVAILABLE) this.logger.warn({ method, errorCode }, `${method}: ${details}`);
    const metadata = new Metadata();
    metadata.set(ERROR_CODE_METADATA, errorCode);
    const answer: Partial<StatusObject> = { code, details, metadata };
    return throwError(() => answer);
  }
}
