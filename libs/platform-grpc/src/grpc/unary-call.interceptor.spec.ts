import { MetricsRegistry } from '@switchyard/observability';
import { Metadata, ServerUnaryCall, ServiceDefinition, StatusObject, status } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { AppException } from '@switchyard/errors';
import { PlatformGrpcConfig } from '../config/platform-grpc.config';
import { InternalCredentialGuard } from './internal-credential.guard';
import { platformServiceDefinition } from './platform-proto.loader';
import { UnaryCallInterceptor, UnaryMethods } from './unary-call.interceptor';

const TOKEN = 'unit-test-internal-token-of-32-characters';

type Outcome = { error: Partial<StatusObject> | null; response?: unknown };

function createSut(methods: Partial<UnaryMethods> = {}) {
  const calls: string[] = [];
  const record = (name: string) => async (request: never) => {
    calls.push(name);
    return { echoed: request };
  };
  const sut = new UnaryCallInterceptor(new InternalCredentialGuard({ internalToken: TOKEN } as PlatformGrpcConfig), new MetricsRegistry());
  const implementation = sut.intercept(platformServiceDefinition(), {
    VerifyToken: record('VerifyToken'),
    PublishEvent: record('PublishEvent'),
    GetSyncRun: record('GetSyncRun'),
    ...methods,
  } as UnaryMethods);
  const invoke = (method: string, token: string | undefined, request: object = {}): Promise<Outcome> => {
    const metadata = new Metadata();
    if (token !== undefined) metadata.set('x-internal-token', token);
    const call = { metadata, request } as unknown as ServerUnaryCall<unknown, unknown>;
    const handler = implementation[method] as (
      call: unknown,
      callback: (error: Partial<StatusObject> | null, response?: unknown) => void,
    ) => void;
    return new Promise((resolve) => handler(call, (error, response) => resolve({ error, response })));
  };
  return { sut, invoke, calls };
}

describe(UnaryCallInterceptor.name, () => {
  describe('intercept', () => {
    it('should serve a call that carries the credential', async () => {
      const { invoke } = createSut();

      const outcome = await invoke('VerifyToken', TOKEN, { accessToken: 'x' });

      expect(outcome).toEqual({ error: null, response: { echoed: { accessToken: 'x' } } });
    });

    it.each(['VerifyToken', 'PublishEvent', 'GetSyncRun'])(
      'should refuse %s without the credential before its handler runs',
      async (method) => {
        const { invoke, calls } = createSut();

        const outcomes = await Promise.all([invoke(method, undefined), invoke(method, 'wrong')]);

        expect(outcomes.map((outcome) => outcome.error?.code)).toEqual([status.UNAUTHENTICATED, status.UNAUTHENTICATED]);
        expect(calls).toEqual([]);
      },
    );

    it('should map a thrown AppException to its gRPC status with the error code in the trailers', async () => {
      const { invoke } = createSut({
        GetSyncRun: async () => {
          throw new AppException('SYNC_RUN_NOT_FOUND', 404, 'Sync run not found');
        },
      });

      const { error } = await invoke('GetSyncRun', TOKEN);

      expect([error?.code, error?.details, error?.metadata?.get('x-error-code')]).toEqual([
        status.NOT_FOUND,
        'Sync run not found',
        ['SYNC_RUN_NOT_FOUND'],
      ]);
    });

    it('should answer INTERNAL without the message of an unexpected error, and log it', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const { invoke } = createSut({
        PublishEvent: async () => {
          throw new Error('connection string mysql://root:secret@db');
        },
      });

      const { error } = await invoke('PublishEvent', TOKEN);

      expect([error?.code, error?.details]).toEqual([status.INTERNAL, 'Internal server error']);
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ method: '/platform.v1.PlatformService/PublishEvent' }),
        expect.any(String),
      );
      logged.mockRestore();
    });

    it('should stop start-up when a method of the service has no handler', () => {
      const sut = new UnaryCallInterceptor(
        new InternalCredentialGuard({ internalToken: TOKEN } as PlatformGrpcConfig),
        new MetricsRegistry(),
      );
      const service: ServiceDefinition = platformServiceDefinition();

      const act = () => sut.intercept(service, { VerifyToken: async () => ({}) });

      expect(act).toThrow(/No unary handler for \/platform.v1.PlatformService\/PublishEvent/);
    });
  });
});
