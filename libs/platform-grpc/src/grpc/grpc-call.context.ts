import { ServerUnaryCall } from '@grpc/grpc-js';
import { ArgumentsHost } from '@nestjs/common';

/** The full method path of the gRPC call behind a Nest RPC context: `/platform.v1.PlatformService/VerifyToken`. */
export function grpcMethodOf(host: Pick<ArgumentsHost, 'getArgByIndex'>): string {
  // Nest hands a gRPC handler (request, metadata, call); the call knows its path.
  return host.getArgByIndex<ServerUnaryCall<unknown, unknown>>(2).getPath();
}
