import { Metadata, status } from '@grpc/grpc-js';
import { ExecutionContext } from '@nestjs/common';
import { METHODS, PlatformGrpcHarness } from '../../test/platform-grpc.harness';
import { PlatformGrpcConfig } from '../config/platform-grpc.config';
import { InternalCredentialGuard } from './internal-credential.guard';

const TOKEN = 'unit-test-internal-token-of-32-characters';

function metadataWith(...values: Array<string | Buffer>): Metadata {
  const metadata = new Metadata();
  for (const value of values) metadata.add(typeof value === 'string' ? 'x-internal-token' : 'x-internal-token-bin', value);
  return metadata;
}

/** The RPC context Nest hands a guard: (request, metadata, call). */
function rpcContextWith(metadata: Metadata): ExecutionContext {
  return { switchToRpc: () => ({ getData: () => ({}), getContext: () => metadata }) } as unknown as ExecutionContext;
}

describe(InternalCredentialGuard.name, () => {
  describe('canActivate', () => {
    const sut = new InternalCredentialGuard({ internalToken: TOKEN } as PlatformGrpcConfig);

    it('should let a call with the credential through', () => {
      expect(sut.canActivate(rpcContextWith(metadataWith(TOKEN)))).toBe(true);
    });

    it.each([
      ['no credential', metadataWith()],
      ['a wrong credential', metadataWith('unit-test-internal-token-of-32-characterz')],
      ['a prefix of the credential', metadataWith(TOKEN.slice(0, 16))],
      ['the credential with extra characters', metadataWith(`${TOKEN}x`)],
      ['the credential twice', metadataWith(TOKEN, TOKEN)],
      ['the credential in a binary entry', metadataWith(Buffer.from(TOKEN))],
    ])('should refuse %s as 401 INVALID_INTERNAL_CREDENTIAL', (_case, metadata) => {
      const act = () => sut.canActivate(rpcContextWith(metadata));

      expect(act).toThrow(expect.objectContaining({ code: 'INVALID_INTERNAL_CREDENTIAL', status: 401 }));
    });
  });

  describe('on the platform service over gRPC', () => {
    let harness: PlatformGrpcHarness;

    beforeAll(async () => {
      harness = await PlatformGrpcHarness.start();
    });

    afterAll(async () => {
      await harness.stop();
    });

    it.each(METHODS)('should refuse %s without the credential, or with a wrong one, before its handler runs', async (method) => {
      const outcomes = await Promise.all([harness.invoke(method, {}, null), harness.invoke(method, {}, 'wrong')]);

      expect(outcomes.map((outcome) => [outcome.error?.code, outcome.error?.metadata.get('x-error-code')])).toEqual([
        [status.UNAUTHENTICATED, ['INVALID_INTERNAL_CREDENTIAL']],
        [status.UNAUTHENTICATED, ['INVALID_INTERNAL_CREDENTIAL']],
      ]);
      expect(harness.platform.calls).toEqual([]);
    });
  });
});
