import { status } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { AppException, DependencyUnavailableException } from '@switchyard/errors';
import { PlatformGrpcHarness } from '../../test/platform-grpc.harness';
import { GrpcExceptionFilter } from './grpc-exception.filter';

const RUN = { tenantId: '11111111-1111-4111-8111-111111111111', runId: '55555555-5555-4555-8555-555555555555' };
const GET_SYNC_RUN = '/platform.v1.PlatformService/GetSyncRun';

describe(GrpcExceptionFilter.name, () => {
  let harness: PlatformGrpcHarness;

  beforeEach(async () => {
    harness = await PlatformGrpcHarness.start();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await harness.stop();
  });

  describe('catch', () => {
    it('should answer a thrown AppException with its gRPC status, its message and the error code in the trailers', async () => {
      harness.platform.failure = new AppException('SYNC_RUN_NOT_FOUND', 404, 'Sync run not found');

      const { error } = await harness.invoke('GetSyncRun', RUN);

      expect([error?.code, error?.details, error?.metadata.get('x-error-code')]).toEqual([
        status.NOT_FOUND,
        'Sync run not found',
        ['SYNC_RUN_NOT_FOUND'],
      ]);
    });

    it('should answer INTERNAL without the message of an unexpected error, and log it with the method', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      harness.platform.failure = new Error('connection string mysql://root:secret@db');

      const { error } = await harness.invoke('GetSyncRun', RUN);

      expect([error?.code, error?.details, error?.metadata.get('x-error-code')]).toEqual([
        status.INTERNAL,
        'Internal server error',
        ['INTERNAL_ERROR'],
      ]);
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ method: GET_SYNC_RUN }), expect.any(String));
    });

    it('should answer UNAVAILABLE naming the dependency, logged as a warning rather than an error', async () => {
      const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const failed = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      harness.platform.failure = new DependencyUnavailableException('redis');

      const { error } = await harness.invoke('GetSyncRun', RUN);

      expect([error?.code, error?.details]).toEqual([status.UNAVAILABLE, 'redis is unavailable']);
      expect(warned).toHaveBeenCalledWith(
        expect.objectContaining({ method: GET_SYNC_RUN, errorCode: 'DEPENDENCY_UNAVAILABLE' }),
        expect.any(String),
      );
      expect(failed).not.toHaveBeenCalled();
    });

    it('should count every failure once by method and code, those the guard refused included', async () => {
      harness.platform.failure = new AppException('SYNC_RUN_NOT_FOUND', 404, 'Sync run not found');

      await harness.invoke('GetSyncRun', RUN);
      await harness.invoke('GetSyncRun', RUN, null);
      await harness.invoke('GetSyncRun', RUN, 'wrong');

      const exposition = await harness.exposition();
      expect(exposition).toContain(`switchyard_grpc_server_handled_total{method="${GET_SYNC_RUN}",code="NOT_FOUND"} 1\n`);
      expect(exposition).toContain(`switchyard_grpc_server_handled_total{method="${GET_SYNC_RUN}",code="UNAUTHENTICATED"} 2\n`);
      expect(exposition).not.toContain(`code="OK"`);
    });
  });
});
