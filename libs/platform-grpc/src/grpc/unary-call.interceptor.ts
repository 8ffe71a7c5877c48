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
import { toGrpcStatus } from './grpc-status.mapping';
import { InternalCredentialGuard } from './internal-credential.guard';

/** Handlers free of gRPC types: a request in, a response out, failures thrown as AppException. */
export type UnaryMethods = Record<string, (request: never) => Promise<object>>;

export const ERROR_CODE_METADATA = 'x-error-code';

/** Wraps every method of a service once: the internal credential is checked, and failures leave in one mapping. */
@Injectable()
export class UnaryCallInterceptor {
  private readonly logger = new Logger('PlatformGrpc');

  constructor(private readonly credential: InternalCredentialGuard) {}

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
      this.serve(call, handle).then(
        (response) => callback(null, response),
        (error: unknown) => callback(this.failure(path, error)),
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
