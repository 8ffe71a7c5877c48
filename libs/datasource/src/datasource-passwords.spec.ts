import { DatasourcePasswords } from './datasource-passwords';
import { DatasourceErrorCode, DatasourceException } from './datasource.errors';
import { DatasourceRepository, StoredPassword, UnboundPasswordRow } from './datasource.repository';
import { PasswordCipher, PasswordContext, SealedPassword } from './password.cipher';

const hex = (text: string): string => Buffer.from(text).toString('hex');

/** `v2:<row>:<hex>` for a sealed password, bare hex for a v1 one, `broken` for one no key reads. */
class FakePasswordCipher implements Pick<PasswordCipher, 'encrypt' | 'decrypt' | 'isUnbound'> {
  encrypt(plaintext: string, context: PasswordContext): SealedPassword {
    return { ciphertext: `v2:${context.datasourceId}:${hex(plaintext)}`, keyId: 'k1' };
  }

  decrypt(sealed: SealedPassword, context: PasswordContext): string {
    if (sealed.ciphertext === 'broken') throw new DatasourceException(DatasourceErrorCode.PasswordUnreadable, 'unreadable');
    const [, rowId, data] = /^v2:([^:]+):(.*)$/.exec(sealed.ciphertext) ?? [undefined, context.datasourceId, sealed.ciphertext];
    if (rowId !== context.datasourceId) throw new DatasourceException(DatasourceErrorCode.PasswordUnreadable, 'another row');
    return Buffer.from(data!, 'hex').toString('utf8');
  }

  isUnbound(sealed: SealedPassword): boolean {
    return sealed.keyId !== '' && !sealed.ciphertext.startsWith('v2:');
  }
}

/** Password columns of rows by id, with the repository's compare-and-set and unbound listing. */
class FakeRepository implements Pick<DatasourceRepository, 'replacePassword' | 'listUnboundPasswords'> {
  readonly rows = new Map<string, UnboundPasswordRow>();
  readonly pages: string[] = [];

  add(id: string, passwordCiphertext: string, passwordKeyId = 'k1'): void {
    this.rows.set(id, { id, tenantId: 't-1', spaceId: 's-1', passwordCiphertext, passwordKeyId });
  }

  async replacePassword(id: string, expected: StoredPassword, next: StoredPassword): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.passwordCiphertext !== expected.passwordCiphertext) return false;
    this.rows.set(id, { ...row, ...next });
    return true;
  }

  async listUnboundPasswords(afterId: string, take: number): Promise<UnboundPasswordRow[]> {
    this.pages.push(afterId);
    return [...this.rows.values()]
      .filter((row) => row.passwordKeyId !== '' && !row.passwordCiphertext.startsWith('v2:') && row.id > afterId)
      .sort((left, right) => left.id.localeCompare(right.id))
      .slice(0, take);
  }
}

function createSut() {
  const repository = new FakeRepository();
  const sut = new DatasourcePasswords(repository as unknown as DatasourceRepository, new FakePasswordCipher() as unknown as PasswordCipher);
  return { sut, repository };
}

const idOf = (index: number): string => `d-${String(index).padStart(4, '0')}`;

describe(DatasourcePasswords.name, () => {
  describe('sealUnboundRows', () => {
    it('should seal every v1 password to its row, page after page, and leave v2 and empty ones alone', async () => {
      const { sut, repository } = createSut();
      for (let index = 0; index < 450; index += 1) repository.add(idOf(index), hex(`password-${index}`));
      repository.add('e-bound', 'v2:e-bound:00');
      repository.add('e-none', '', '');

      const outcome = await sut.sealUnboundRows();

      expect(outcome).toEqual({ sealed: 450, skipped: 0 });
      expect(repository.rows.get(idOf(449))!.passwordCiphertext).toBe(`v2:${idOf(449)}:${hex('password-449')}`);
      expect(repository.rows.get('e-bound')!.passwordCiphertext).toBe('v2:e-bound:00');
      expect(repository.rows.get('e-none')!.passwordCiphertext).toBe('');
      expect(repository.pages).toEqual(['', idOf(199), idOf(399)]);
    });

    it('should skip and count a row it cannot read, keeping its ciphertext', async () => {
      const { sut, repository } = createSut();
      repository.add('d-1', 'broken');
      repository.add('d-2', hex('readable'));

      const outcome = await sut.sealUnboundRows();

      expect(outcome).toEqual({ sealed: 1, skipped: 1 });
      expect(repository.rows.get('d-1')!.passwordCiphertext).toBe('broken');
      expect(repository.rows.get('d-2')!.passwordCiphertext).toBe(`v2:d-2:${hex('readable')}`);
    });
  });

  describe('reveal', () => {
    it('should not overwrite a password that changed between the read and the upgrade', async () => {
      const { sut, repository } = createSut();
      repository.add('d-1', hex('old'));
      const read = { ...repository.rows.get('d-1')! };
      repository.rows.set('d-1', { ...read, passwordCiphertext: 'v2:d-1:' + hex('changed meanwhile') });

      const password = await sut.reveal(read);

      expect(password).toBe('old');
      expect(repository.rows.get('d-1')!.passwordCiphertext).toBe('v2:d-1:' + hex('changed meanwhile'));
    });
  });
});
