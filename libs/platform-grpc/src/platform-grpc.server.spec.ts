import { ClientDuplexStream, ServiceClientConstructor, credentials, loadPackageDefinition, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Logger } from '@nestjs/common';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { eventually } from '../../../test/support/poll';
import { PlatformGrpcHarness } from '../test/platform-grpc.harness';
import { PlatformGrpcConfig } from './config/platform-grpc.config';
import { PlatformGrpcServer } from './platform-grpc.server';

/** A grpc.health.v1.Health Watch stream on `port`, collecting every status it hears. */
function watchHealth(port: number): { seen: string[]; stream: ClientDuplexStream<unknown, { status: string }> } {
  const loaded = loadPackageDefinition(loadSync(healthProtoPath, { enums: String, defaults: true })) as unknown as {
    grpc: { health: { v1: { Health: ServiceClientConstructor } } };
  };
  const client = new loaded.grpc.health.v1.Health(`127.0.0.1:${port}`, credentials.createInsecure());
  const stream = (client as unknown as { Watch(request: object): ClientDuplexStream<unknown, { status: string }> }).Watch({ service: '' });
  const seen: string[] = [];
  stream.on('data', (update: { status: string }) => seen.push(update.status));
  stream.on('error', () => undefined);
  return { seen, stream };
}

const readiness = { readiness: async () => ({}) } as never;

describe(PlatformGrpcServer.name, () => {
  describe('microserviceOptions', () => {
    it('should connect nothing when GRPC_ENABLED=false, and say so', () => {
      const logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      const sut = new PlatformGrpcServer({ enabled: false } as PlatformGrpcConfig, readiness);

      const options = sut.microserviceOptions();

      expect(options).toBeUndefined();
      expect(logged).toHaveBeenCalledWith('Platform gRPC server is disabled (GRPC_ENABLED=false)');
      logged.mockRestore();
    });

    it.each([
      ['127.0.0.1', '127.0.0.1:50061'],
      ['::1', '[::1]:50061'],
    ])('should serve the platform package on GRPC_HOST %s and GRPC_PORT', (host, url) => {
      const sut = new PlatformGrpcServer({ enabled: true, host, port: 50061 } as PlatformGrpcConfig, readiness);

      const options = sut.microserviceOptions();

      expect(options?.options).toEqual(expect.objectContaining({ url, package: 'platform.v1', maxReceiveMessageLength: 4 * 1024 * 1024 }));
    });
  });

  describe('beforeApplicationShutdown', () => {
    let harness: PlatformGrpcHarness | undefined;

    afterEach(async () => {
      jest.restoreAllMocks();
      await harness?.stop();
      harness = undefined;
    });

    // A grace period longer than the test timeout: the close can only finish in time by draining.
    it('should report NOT_SERVING as shutdown starts, let an open call finish, then stop without waiting out the grace period', async () => {
      harness = await PlatformGrpcHarness.start({ shutdownGraceMs: 120_000 });
      let release!: () => void;
      harness.platform.gate = new Promise((resolve) => (release = resolve));
      const watch = watchHealth(harness.port);
      await eventually(() => watch.seen.at(-1) === 'SERVING', { message: 'Watch to hear SERVING' });
      const open = harness.invoke('VerifyToken', { accessToken: 'x' });
      await eventually(() => harness!.platform.calls.length === 1, { message: 'the call to reach its handler' });

      const closing = harness.app.close();
      await eventually(() => watch.seen.at(-1) === 'NOT_SERVING', { message: 'Watch to hear NOT_SERVING' });
      release();
      const outcome = await open;
      watch.stream.cancel();
      await closing;

      expect(outcome).toEqual({ response: { valid: false, userId: '', tenantId: '', role: '' } });
      expect(watch.seen).toEqual(['SERVING', 'NOT_SERVING']);
      expect(harness.app.get(PlatformGrpcServer).boundPort).toBeUndefined();
    });

    it('should cut off a call still open when GRPC_SHUTDOWN_GRACE_MS is over, and say so', async () => {
      const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      harness = await PlatformGrpcHarness.start({ shutdownGraceMs: 200 });
      harness.platform.gate = new Promise(() => undefined);
      const open = harness.invoke('VerifyToken', { accessToken: 'x' });
      await eventually(() => harness!.platform.calls.length === 1, { message: 'the call to reach its handler' });

      await harness.app.close();
      const { error } = await open;

      expect(error?.code).toBe(status.CANCELLED);
      expect(warned).toHaveBeenCalledWith('gRPC calls still open after 200 ms; closing them');
    });
  });
});
