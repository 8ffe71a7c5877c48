import {
  Metadata,
  ServerUnaryCall,
  ServiceDefinition,
  StatusObject,
  UntypedServiceImplementation,
  handleUnaryCall,
  status,
} from '@grpc/grpc-js';
import { Injectable, Logger } from '@nestjs/common';
import { MetricsRegistry } from '@switchyard/observability';
import { toGrpcStatus } from './grpc-status.mapping';
import { InternalCredentialGuard } from './internal-credential.guard';

/** Handlers free of gRPC types: a request in, a response out, failures thrown as AppException. */
export type UnaryMethods = Record<string, (request: never) => Promise<object>>;

export const ERROR_CODE_METADATA = 'x-error-code';

/** Wraps every method of a service once: the internal credential is checked, and failures leave in one mapping. */
@Injectable()
export class UnaryCallInterceptor {
  private readonly logger = new Logger('PlatformGrpc');
  private readonly handled;
  private readonly duration;

  constructor(
    private readonly credential: InternalCredentialGuard,
    metrics: MetricsRegistry,
  ) {
    this.handled = metrics.counter('switchyard_grpc_server_handled_total', 'Platform gRPC calls answered, by method and status code', [
      'method',
      'code',
    ]);
    this.duration = metrics.histogram(
      'switchyard_grpc_server_handling_seconds',
      'Platform gRPC calls, from receipt to answer',
      ['method'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
  }

  /** The implementation to register; a method of the service without a handler stops start-up. */
  intercept(service: ServiceDefinition, methods: UnaryMethods): UntypedServiceImplementation {
    return Object.fromEntries(
      Object.entries(service).map(([name, definition]) => {
        const handle = methods[name];
        if (!handle || definition.requestStream || definition.responseStream) throw new Error(`No unary handler for ${definition.path}`);
        return [name, this.unary(definition.path, handle)];
      }),
    );
  }

  private unary(path: string, handle: (request: never) => Promise<object>): handleUnaryCall<unknown, object> {
    return (call, callback) => {
      const timer = this.duration.startTimer({ method: path });
      this.serve(call, handle).then(
        (response) => {
          timer();
          this.handled.inc({ method: path, code: status[status.OK] });
          callback(null, response);
        },
        (error: unknown) => {
          timer();
          const failure = this.failure(path, error);
          this.handled.inc({ method: path, code: status[failure.code ?? status.UNKNOWN] });
          callback(failure);
        },
      );
    };
  }

  private async serve(call: ServerUnaryCall<unknown, object>, handle: (request: never) => Promise<object>): Promise<object> {
    this.credential.check(call.metadata);
    return handle(call.request as never);
  }

  private failure(path: string, error: unknown): Partial<StatusObject> {
    const { code, details, errorCode } = toGrpcStatus(error);
    // A dependency outage is operations noise (warn); an unmapped error is a defect (error), logged since the caller learns nothing.
    if (code === status.INTERNAL) this.logger.error({ err: error, method: path }, `${path} failed: ${(error as Error)?.message}`);
    else if (code === status.UNAVAILABLE) this.logger.warn({ method: path, errorCode }, `${path}: ${details}`);
    const metadata = new Metadata();
    metadata.set(ERROR_CODE_METADATA, errorCode);
    return { code, details, metadata };
  }
}
