import { createCipheriv, randomBytes } from 'node:crypto';
import { EncryptionKey } from './config/datasource.config';
import { DatasourceErrorCode, DatasourceException } from './datasource.errors';
import { PasswordCipher, PasswordContext, SealedPassword } from './password.cipher';

const key = (id: string): EncryptionKey => ({ id, material: randomBytes(32).toString('base64') });
const cipherWith = (...keys: EncryptionKey[]): PasswordCipher => new PasswordCipher({ encryptionKeys: keys });

const row: PasswordContext = { tenantId: 'tenant-a', spaceId: 'space-a', datasourceId: 'datasource-a' };

/** What the previous version stored: base64 of iv | tag | data, with no prefix and no additional data. */
function sealUnbound(material: EncryptionKey, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(material.material, 'base64'), iv, { authTagLength: 16 });
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

const packedOf = (sealed: SealedPassword): Buffer => Buffer.from(sealed.ciphertext.replace(/^v2:/, ''), 'base64');

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
    it('should round-trip a password through decrypt for the same row', () => {
      const sut = cipherWith(first);

      const sealed = sut.encrypt('s3cret-pässword', row);

      expect(sut.decrypt(sealed, row)).toBe('s3cret-pässword');
    });

    it('should store v2: and base64 of iv, tag and data under the active key id, never the plaintext', () => {
      const sut = cipherWith(second, first);

      const sealed = sut.encrypt('hunter2-hunter2', row);

      expect(sealed.keyId).toBe('k2');
      expect(sealed.ciphertext).toMatch(/^v2:[A-Za-z0-9+/]+=*$/);
      expect(packedOf(sealed)).toHaveLength(12 + 16 + Buffer.byteLength('hunter2-hunter2'));
      expect(sealed.ciphertext).not.toContain('hunter2');
      expect(packedOf(sealed).toString('latin1')).not.toContain('hunter2');
    });

    it('should use a different IV for every encryption of the same password', () => {
      const sut = cipherWith(first);

      const one = packedOf(sut.encrypt('same password', row));
      const other = packedOf(sut.encrypt('same password', row));

      expect(one.subarray(0, 12).equals(other.subarray(0, 12))).toBe(false);
      expect(one.equals(other)).toBe(false);
    });
  });

  describe('decrypt', () => {
    it('should refuse a ciphertext copied to a row of another tenant, another space or another datasource', () => {
      const sut = cipherWith(first);
      const sealed = sut.encrypt('tenant A only', row);

      const failures = [
        { ...row, tenantId: 'tenant-b' },
        { ...row, spaceId: 'space-b' },
        { ...row, datasourceId: 'datasource-b' },
      ].map((elsewhere) => failureOf(() => sut.decrypt(sealed, elsewhere)));

      expect(failures.map((error) => error.code)).toEqual(Array(3).fill(DatasourceErrorCode.PasswordUnreadable));
      expect(failures[0]!.message).toMatch(/failed authentication under key "k1".*belongs to another datasource/);
      expect(failures.map((error) => error.message).join()).not.toContain('tenant A only');
    });

    it('should refuse a v2 ciphertext stripped of its prefix to pass as v1', () => {
      const sut = cipherWith(first);
      const sealed = sut.encrypt('bound to row a', row);

      const error = failureOf(() => sut.decrypt({ ...sealed, ciphertext: sealed.ciphertext.replace(/^v2:/, '') }, row));

      expect(error.code).toBe(DatasourceErrorCode.PasswordUnreadable);
    });

    it('should read a v1 ciphertext, which carries no context', () => {
      const sut = cipherWith(first);
      const unbound = { ciphertext: sealUnbound(first, 'written by v1'), keyId: 'k1' };

      const plaintext = sut.decrypt(unbound, row);

      expect(plaintext).toBe('written by v1');
    });

    it('should name a format it does not know', () => {
      const sut = cipherWith(first);

      const error = failureOf(() => sut.decrypt({ ciphertext: 'v9:AAAA', keyId: 'k1' }, row));

      expect(error.message).toBe('Datasource password has format "v9", which this version cannot read');
    });

    it('should reject a ciphertext with a flipped bit', () => {
      const sut = cipherWith(first);
      const packed = packedOf(sut.encrypt('do not touch', row));
      packed[packed.length - 1]! ^= 0x01;

      const error = failureOf(() => sut.decrypt({ ciphertext: `v2:${packed.toString('base64')}`, keyId: 'k1' }, row));

      expect(error.code).toBe(DatasourceErrorCode.PasswordUnreadable);
      expect(error.message).toMatch(/failed authentication under key "k1"/);
    });

    it('should reject a ciphertext too short to hold an IV and a tag', () => {
      const sut = cipherWith(first);

      const error = failureOf(() => sut.decrypt({ ciphertext: `v2:${Buffer.alloc(20).toString('base64')}`, keyId: 'k1' }, row));

      expect(error.code).toBe(DatasourceErrorCode.PasswordUnreadable);
    });

    it('should reject a ciphertext presented under another key id', () => {
      const sealed = cipherWith(first, second).encrypt('bound to k1', row);
      const sut = cipherWith(first, second);

      const error = failureOf(() => sut.decrypt({ ciphertext: sealed.ciphertext, keyId: 'k2' }, row));

      expect(error.code).toBe(DatasourceErrorCode.PasswordUnreadable);
    });

    it('should still decrypt v2 and v1 rows sealed with an older key after a new key becomes active', () => {
      const before = cipherWith(first).encrypt('written before rotation', row);
      const unbound = { ciphertext: sealUnbound(first, 'written by v1 before rotation'), keyId: 'k1' };
      const sut = cipherWith(second, first);

      const plaintexts = [sut.decrypt(before, row), sut.decrypt(unbound, row)];
      const after = sut.encrypt('written after rotation', row);

      expect(plaintexts).toEqual(['written before rotation', 'written by v1 before rotation']);
      expect(before.keyId).toBe('k1');
      expect(after.keyId).toBe('k2');
    });

    it('should name an unknown key id and the setting that lacks it', () => {
      const sealed = cipherWith(key('k0')).encrypt('orphaned', row);
      const sut = cipherWith(second, first);

      const error = failureOf(() => sut.decrypt(sealed, row));

      expect(error.code).toBe(DatasourceErrorCode.PasswordUnreadable);
      expect(error.message).toBe('Datasource password was encrypted with key "k0", which DATASOURCE_ENCRYPTION_KEYS does not list');
    });
  });

  describe('isUnbound', () => {
    it('should tell v1 ciphertexts from v2 ones and from an absent password', () => {
      const sut = cipherWith(first);

      const answers = [
        sut.isUnbound({ ciphertext: sealUnbound(first, 'old'), keyId: 'k1' }),
        sut.isUnbound(sut.encrypt('new', row)),
        sut.isUnbound({ ciphertext: '', keyId: '' }),
      ];

      expect(answers).toEqual([true, false, false]);
    });
  });
});
