import { Metadata } from '@grpc/grpc-js';
import { PlatformGrpcConfig } from '../config/platform-grpc.config';
import { InternalCredentialGuard } from './internal-credential.guard';

const TOKEN = 'unit-test-internal-token-of-32-characters';

function metadataWith(...values: Array<string | Buffer>): Metadata {
  const metadata = new Metadata();
  for (const value of values) metadata.add(typeof value === 'string' ? 'x-internal-token' : 'x-internal-token-bin', value);
  return metadata;
}

describe(InternalCredentialGuard.name, () => {
  const sut = new InternalCredentialGuard({ internalToken: TOKEN } as PlatformGrpcConfig);

  describe('check', () => {
    it('should let a call with the credential through', () => {
      expect(() => sut.check(metadataWith(TOKEN))).not.toThrow();
    });

    it.each([
      ['no credential', metadataWith()],
      ['a wrong credential', metadataWith('unit-test-internal-token-of-32-characterz')],
      ['a prefix of the credential', metadataWith(TOKEN.slice(0, 16))],
      ['the credential with extra characters', metadataWith(`${TOKEN}x`)],
      ['the credential twice', metadataWith(TOKEN, TOKEN)],
      ['the credential in a binary entry', metadataWith(Buffer.from(TOKEN))],
    ])('should refuse %s as 401 INVALID_INTERNAL_CREDENTIAL', (_case, metadata) => {
      const act = () => sut.check(metadata);

      expect(act).toThrow(expect.objectContaining({ code: 'INVALID_INTERNAL_CREDENTIAL', status: 401 }));
    });
  });
});
