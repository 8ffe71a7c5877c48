import { status } from '@grpc/grpc-js';
import { AppException } from '@switchyard/errors';
import { PlatformGrpcHarness } from '../../test/platform-grpc.harness';
import { GrpcCallInterceptor } from './grpc-call.interceptor';

const VERIFY_TOKEN = '/platform.v1.PlatformService/VerifyToken';

describe(GrpcCallInterceptor.name, () => {
  let harness: PlatformGrpcHarness;

  beforeEach(async () => {
    harness = await PlatformGrpcHarness.start();
  });

  afterEach(async () => {
    await harness.stop();
  });

  describe('intercept', () => {
    it('should count each answered call as OK under its method and time it', async () => {
      await harness.invoke('VerifyToken', { accessToken: 'a' });
      await harness.invoke('VerifyToken', { accessToken: 'b' });

      const exposition = await harness.exposition();
      expect(exposition).toContain(`switchyard_grpc_server_handled_total{method="${VERIFY_TOKEN}",code="OK"} 2\n`);
      expect(exposition).toContain(`switchyard_grpc_server_handling_seconds_count{method="${VERIFY_TOKEN}"} 2\n`);
    });

    it('should time a failed call without counting it as OK (the exception filter counts it)', async () => {
      harness.platform.failure = new AppException('SOME_CODE', 409, 'conflict');

      const { error } = await harness.invoke('VerifyToken', { accessToken: 'a' });

      const exposition = await harness.exposition();
      expect(error?.code).toBe(status.ALREADY_EXISTS);
      expect(exposition).toContain(`switchyard_grpc_server_handling_seconds_count{method="${VERIFY_TOKEN}"} 1\n`);
      expect(exposition).toContain(`switchyard_grpc_server_handled_total{method="${VERIFY_TOKEN}",code="ALREADY_EXISTS"} 1\n`);
      expect(exposition).not.toContain('code="OK"');
    });
  });
});
