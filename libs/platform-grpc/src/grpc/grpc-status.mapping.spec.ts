import { status } from '@grpc/grpc-js';
import { AppException, DependencyUnavailableException, ValidationFailedException } from '@switchyard/errors';
import { toGrpcStatus } from './grpc-status.mapping';

describe(toGrpcStatus.name, () => {
  it.each([
    [400, status.INVALID_ARGUMENT],
    [401, status.UNAUTHENTICATED],
    [403, status.PERMISSION_DENIED],
    [404, status.NOT_FOUND],
    [409, status.ALREADY_EXISTS],
    [429, status.RESOURCE_EXHAUSTED],
    [503, status.UNAVAILABLE],
  ])('should map an AppException with HTTP %i to gRPC code %i, keeping its message and code', (httpStatus, grpcCode) => {
    const grpcStatus = toGrpcStatus(new AppException('SOME_CODE', httpStatus, 'safe message'));

    expect(grpcStatus).toEqual({ code: grpcCode, details: 'safe message', errorCode: 'SOME_CODE' });
  });

  it('should keep the field reasons of a validation failure in the details', () => {
    const grpcStatus = toGrpcStatus(new ValidationFailedException([{ field: 'data_json', reason: 'data_json must be valid JSON' }]));

    expect(grpcStatus).toEqual({ code: status.INVALID_ARGUMENT, details: 'data_json must be valid JSON', errorCode: 'VALIDATION_FAILED' });
  });

  it('should name the missing dependency of a 503', () => {
    expect(toGrpcStatus(new DependencyUnavailableException('redis')).details).toBe('redis is unavailable');
  });

  it.each([
    ['an unexpected error', new TypeError('secret internals at /srv/app.js:12')],
    ['an AppException with an unmapped status', new AppException('BOOM', 500, 'database password rejected')],
    ['a thrown string', 'oops'],
  ])('should answer INTERNAL without leaking anything for %s', (_case, error) => {
    const grpcStatus = toGrpcStatus(error);

    expect(grpcStatus).toEqual({ code: status.INTERNAL, details: 'Internal server error', errorCode: 'INTERNAL_ERROR' });
  });
});
