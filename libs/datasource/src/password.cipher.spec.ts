import { randomBytes } from 'node:crypto';
import { EncryptionKey } from './config/datasource.config';
import { DatasourceErrorCode, DatasourceException } from './datasource.errors';
import { PasswordCipher } from './password.cipher';

const key = (id: string): EncryptionKey => ({ id, material: randomBytes(32).toString('base64') });
const cipherWith = (...keys: EncryptionKey[]): PasswordCipher => new PasswordCipher({ encryptionKeys: keys });

function failureOf(act: () => unknown): DatasourceException {
  try {
    act();
  } catch (error) {
    if (error instanceof DatasourceException) return error;
    throw error;
  }
  throw new Error('expected a DatasourceException');
}

describe(PasswordCipher.name, () => {
  const first = key('k1');
  const second = key('k2');

  describe('encrypt', () => {
    it('should round-trip a password through decrypt', () => {
      const sut = cipherWith(first);

      const sealed = sut.encrypt('s3cret-pässword');

      expect(sut.decrypt(sealed)).toBe('s3cret-pässword');
    });

    it('should store base64 of iv, tag and data under the active key id, never the plaintext', () => {
      const sut = cipherWith(second, first);

      const sealed = sut.encrypt('hunter2-hunter2');

      expect(sealed.keyId).toBe('k2');
      expect(Buffer.from(sealed.ciphertext, 'base64')).toHaveLength(12 + 16 + Buffer.byteLength('hunter2-hunter2'));
      expect(sealed.ciphertext).not.toContain('hunter2');
      expect(Buffer.from(sealed.ciphertext, 'base64').toString('latin1')).not.toContain('hunter2');
    });

    it('should use a different IV for every encryption of the same password', () => {
      const sut = cipherWith(first);

      const one = Buffer.from(sut.encrypt('same password').ciphertext, 'base64');
      const other = Buffer.from(sut.encrypt('same password').ciphertext, 'base64');

      expect(one.subarray(0, 12).equals(other.subarray(0, 12))).toBe(false);
      expect(one.equals(other)).toBe(false);
    });
  });

  describe('decrypt', () => {
    it('should reject a ciphertext with a flipped bit', () => {
      const sut = cipherWith(first);
      const packed = Buffer.from(sut.encrypt('do not touch').ciphertext, 'base64');
      packed[packed.length - 1]! ^= 0x01;

      const error = failureOf(() => sut.decrypt({ ciphertext: packed.toString('base64'), keyId: 'k1' }));

      expect(error.code).toBe(DatasourceErrorCode.PasswordUnreadable);
      expect(error.message).toMatch(/failed authentication under key "k1"/);
    });

    it('should reject a ciphertext too short to hold an IV and a tag', () => {
      const sut = cipherWith(first);

      const error = failureOf(() => sut.decrypt({ ciphertext: Buffer.alloc(20).toString('base64'), keyId: 'k1' }));

      expect(error.code).toBe(DatasourceErrorCode.PasswordUnreadable);
    });

    it('should reject a ciphertext presented under another key id', () => {
      const sealed = cipherWith(first, second).encrypt('bound to k1');
      const sut = cipherWith(first, second);

      const error = failureOf(() => sut.decrypt({ ciphertext: sealed.ciphertext, keyId: 'k2' }));

      expect(error.code).toBe(DatasourceErrorCode.PasswordUnreadable);
    });

    it('should still decrypt a row sealed with an older key after a new key becomes active', () => {
      const before = cipherWith(first).encrypt('written before rotation');
      const sut = cipherWith(second, first);

      const plaintext = sut.decrypt(before);
      const after = sut.encrypt('written after rotation');

      expect(plaintext).toBe('written before rotation');
      expect(before.keyId).toBe('k1');
      expect(after.keyId).toBe('k2');
    });

    it('should name an unknown key id and the setting that lacks it', () => {
      const sealed = cipherWith(key('k0')).encrypt('orphaned');
      const sut = cipherWith(second, first);

      const error = failureOf(() => sut.decrypt(sealed));

      expect(error.code).toBe(DatasourceErrorCode.PasswordUnreadable);
      expect(error.message).toBe('Datasource password was encrypted with key "k0", which DATASOURCE_ENCRYPTION_KEYS does not list');
    });
  });
});
