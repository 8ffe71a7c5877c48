import { status } from '@grpc/grpc-js';
import { AppException, CommonErrorCode } from '@switchyard/errors';

/** What a gRPC caller is told about a failure: the status code, a safe message, and the stable error code. */
export interface GrpcStatus {
  code: status;
  details: string;
  errorCode: string;
}

// The gRPC twin of the HTTP mapping in @switchyard/errors: an AppException's HTTP status decides its gRPC code.
const CODES_BY_HTTP_STATUS: Readonly<Record<number, status>> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  403: status.PERMISSION_DENIED,
  404: status.NOT_FOUND,
  409: status.ALREADY_EXISTS,
  429: status.RESOURCE_EXHAUSTED,
  503: status.UNAVAILABLE,
};

const INTERNAL: GrpcStatus = { code: status.INTERNAL, details: 'Internal server error', errorCode: CommonErrorCode.Internal };

/** Maps anything thrown to a gRPC status; anything but a known AppException is INTERNAL and says nothing more. */
export function toGrpcStatus(exception: unknown): GrpcStatus {
  if (!(exception instanceof AppException)) return INTERNAL;
  const code = CODES_BY_HTTP_STATUS[exception.status];
  return code === undefined ? INTERNAL : { code, details: exception.message, errorCode: exception.code };
}
