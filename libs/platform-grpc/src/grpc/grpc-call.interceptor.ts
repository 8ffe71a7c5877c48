import { status } from '@grpc/grpc-js';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { Observable, finalize, tap } from 'rxjs';
import { grpcMethodOf } from './grpc-call.context';
import { GrpcServerMetrics } from './grpc-server.metrics';

/**
 * Times every call that passed the credential check and counts its OK answers (failures are counted by
 * the exception filter, which sees them all), and names the Nest handler on the call's server span, so a
 * trace of a gRPC call leads to the code that served it as the HTTP access log does.
 */
@Injectable()
export class GrpcCallInterceptor implements NestInterceptor {
  constructor(private readonly metrics: GrpcServerMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const method = grpcMethodOf(context);
    trace.getActiveSpan()?.setAttribute('code.function.name', `${context.getClass().name}.${context.getHandler().name}`);
    const stopTimer = this.metrics.startTimer(method);
    return next.handle().pipe(
      tap(() => this.metrics.answered(method, status.OK)),
      finalize(stopTimer),
    );
  }
}
