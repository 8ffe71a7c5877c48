import { AuthUser } from '@switchyard/auth';
import { CacheRead } from '@switchyard/cache';
import { DatasourceEntity } from '@switchyard/database';
import { Position, SpaceAccessService, SpaceAction, SpaceDto, TenancyErrorCode, TenancyException } from '@switchyard/tenancy';
import { CreateDatasourceDto } from './datasource.dto';
import { DatasourceErrorCode } from './datasource.errors';
import { DatasourceChanges, DatasourceRepository, NewDatasource } from './datasource.repository';
import { DatasourceService } from './datasource.service';
import { PasswordCipher, SealedPassword } from './password.cipher';

const SPACE = '6f1c2a52-1b5e-4d7a-9a0e-0c1a2b3c4d5e';
const OTHER_SPACE = '7a2d3b63-2c6f-4e8b-8b1f-1d2b3c4d5e6f';
const MISSING = '00000000-0000-4000-8000-000000000000';
const PASSWORD = 'pa55-w0rd-that-must-not-leak';

const caller: AuthUser = { userId: 'u-1', tenantId: 't-1', username: 'alice', role: 'member', sessionId: 's-1' };

/** The space gate as the tests configure it: which spaces the caller sees and which actions they may do there. */
class FakeSpaceAccess implements Pick<SpaceAccessService, 'require'> {
  readonly calls: Array<{ spaceId: string; action: SpaceAction }> = [];
  visible = new Set([SPACE, OTHER_SPACE]);
  allowed: SpaceAction[] = ['read', 'write'];

  async require(user: AuthUser, spaceId: string, action: SpaceAction): Promise<CacheRead<SpaceDto>> {
    this.calls.push({ spaceId, action });
    if (!this.visible.has(spaceId)) throw new TenancyException(TenancyErrorCode.SpaceNotFound, `Space ${spaceId} not found`);
    if (!this.allowed.includes(action))
      throw new TenancyException(TenancyErrorCode.Forbidden, `Your role in this space does not allow ${action}`);
    const value = { id: spaceId, tenantId: user.tenantId } as SpaceDto;
    return { value, json: JSON.stringify(value), status: 'MISS' };
  }
}

/** In-memory rows with the repository's contract: tenant and space bound, names unique per space. */
class FakeDatasourceRepository implements Pick<DatasourceRepository, 'create' | 'findInSpace' | 'listPage' | 'update' | 'delete'> {
  readonly rows = new Map<string, DatasourceEntity>();
  private sequence = 0;

  async create(row: NewDatasource): Promise<DatasourceEntity | null> {
    if (this.nameTaken(row.spaceId, row.name)) return null;
    this.sequence += 1;
    const id = `00000000-0000-4000-8000-${String(this.sequence).padStart(12, '0')}`;
    const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, this.sequence));
    const entity = { ...row, id, createdAt, updatedAt: createdAt } as DatasourceEntity;
    this.rows.set(id, entity);
    return { ...entity };
  }

  async findInSpace(tenantId: string, spaceId: string, id: string): Promise<DatasourceEntity | null> {
    const row = this.rows.get(id);
    return row && row.tenantId === tenantId && row.spaceId === spaceId ? { ...row } : null;
  }

  async listPage(tenantId: string, spaceId: string, after: Position | undefined, take: number): Promise<DatasourceEntity[]> {
    return [...this.rows.values()]
      .filter((row) => row.tenantId === tenantId && row.spaceId === spaceId)
      .filter(
        (row) => !after || row.createdAt > after.createdAt || (row.createdAt.getTime() === after.createdAt.getTime() && row.id > after.id),
      )
      .sort((left, right) => left.createdAt.getTime() - right.createdAt.getTime() || left.id.localeCompare(right.id))
      .slice(0, take);
  }

  async update(tenantId: string, spaceId: string, id: string, changes: DatasourceChanges): Promise<DatasourceEntity | 'taken' | null> {
    const row = await this.findInSpace(tenantId, spaceId, id);
    if (!row) return null;
    if (changes.name !== undefined && changes.name !== row.name && this.nameTaken(spaceId, changes.name)) return 'taken';
    this.rows.set(id, { ...row, ...changes });
    return this.findInSpace(tenantId, spaceId, id);
  }

  async delete(tenantId: string, spaceId: string, id: string): Promise<boolean> {
    return (await this.findInSpace(tenantId, spaceId, id)) !== null && this.rows.delete(id);
  }

  private nameTaken(spaceId: string, name: string): boolean {
    return [...this.rows.values()].some((row) => row.spaceId === spaceId && row.name === name);
  }
}

/** A reversible stand-in for AES-GCM that records which key sealed what. */
class FakePasswordCipher implements Pick<PasswordCipher, 'encrypt' | 'decrypt'> {
  activeKeyId = 'key-one';

  encrypt(plaintext: string): SealedPassword {
    return { ciphertext: `sealed:${Buffer.from(plaintext).toString('hex')}`, keyId: this.activeKeyId };
  }

  decrypt(sealed: SealedPassword): string {
    return Buffer.from(sealed.ciphertext.replace(/^sealed:/, ''), 'hex').toString('utf8');
  }
}

function createSut() {
  const repository = new FakeDatasourceRepository();
  const access = new FakeSpaceAccess();
  const cipher = new FakePasswordCipher();
  const sut = new DatasourceService(
    repository as unknown as DatasourceRepository,
    access as unknown as SpaceAccessService,
    cipher as unknown as PasswordCipher,
  );
  return { sut, repository, access, cipher };
}

const input = (overrides: Partial<CreateDatasourceDto> = {}): CreateDatasourceDto => ({
  name: 'Orders replica',
  type: 'mysql',
  host: 'db.internal',
  port: 3306,
  database: 'orders',
  username: 'reporting',
  password: PASSWORD,
  options: { useSSL: true },
  ...overrides,
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code,
  );

describe(DatasourceService.name, () => {
  describe('create', () => {
    it('should store only the ciphertext of the password, sealed with the active key', async () => {
      const { sut, repository } = createSut();

      const created = await sut.create(caller, SPACE, input());

      const row = repository.rows.get(created.id)!;
      expect(row.passwordCiphertext).toBe(`sealed:${Buffer.from(PASSWORD).toString('hex')}`);
      expect(row.passwordKeyId).toBe('key-one');
      expect(Object.values(row)).not.toContain(PASSWORD);
    });

    it('should return a DTO without the password, its ciphertext or its key id', async () => {
      const { sut, repository } = createSut();

      const created = await sut.create(caller, SPACE, input());

      const text = JSON.stringify(created);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(repository.rows.get(created.id)!.passwordCiphertext);
      expect(text).not.toContain('key-one');
      expect(Object.keys(created).sort()).toEqual(
        [
          'createdAt',
          'createdBy',
          'database',
          'hasPassword',
          'host',
          'id',
          'name',
          'options',
          'port',
          'spaceId',
          'type',
          'updatedAt',
          'username',
        ].sort(),
      );
      expect(created).toMatchObject({ spaceId: SPACE, database: 'orders', hasPassword: true, createdBy: 'u-1', options: { useSSL: true } });
    });

    it('should store no ciphertext and report no password when none is given', async () => {
      const { sut, repository } = createSut();

      const created = await sut.create(caller, SPACE, input({ password: undefined, username: undefined, options: undefined }));

      expect(created).toMatchObject({ hasPassword: false, username: '', options: {} });
      expect(repository.rows.get(created.id)).toMatchObject({ passwordCiphertext: '', passwordKeyId: '' });
    });

    it('should refuse a name taken in the same space with 409 naming the field', async () => {
      const { sut } = createSut();
      await sut.create(caller, SPACE, input());

      const failure = sut.create(caller, SPACE, input());

      await expect(failure).rejects.toMatchObject({
        code: DatasourceErrorCode.NameTaken,
        status: 409,
        details: [{ field: 'name', reason: 'name is already taken' }],
      });
    });

    it('should allow the same name in another space', async () => {
      const { sut } = createSut();
      await sut.create(caller, SPACE, input());

      const created = await sut.create(caller, OTHER_SPACE, input());

      expect(created.spaceId).toBe(OTHER_SPACE);
    });

    it('should propagate the gate’s 403 for a caller who may only read, storing nothing', async () => {
      const { sut, access, repository } = createSut();
      access.allowed = ['read'];

      const failure = sut.create(caller, SPACE, input());

      await expect(failure).rejects.toMatchObject({ code: TenancyErrorCode.Forbidden, status: 403 });
      expect(access.calls).toEqual([{ spaceId: SPACE, action: 'write' }]);
      expect(repository.rows.size).toBe(0);
    });

    it('should propagate the gate’s 404 for a space the caller cannot see', async () => {
      const { sut, access } = createSut();
      access.visible.delete(SPACE);

      const failure = sut.create(caller, SPACE, input());

      await expect(failure).rejects.toMatchObject({ code: TenancyErrorCode.SpaceNotFound, status: 404 });
    });
  });

  describe('list', () => {
    it('should page through the datasources of the space only, in creation order', async () => {
      const { sut, access } = createSut();
      for (const name of ['a', 'b', 'c']) await sut.create(caller, SPACE, input({ name }));
      await sut.create(caller, OTHER_SPACE, input({ name: 'elsewhere' }));

      const first = await sut.list(caller, SPACE, { limit: 2 });
      const second = await sut.list(caller, SPACE, { limit: 2, cursor: first.nextCursor! });

      expect(first.items.map((item) => item.name)).toEqual(['a', 'b']);
      expect(second.items.map((item) => item.name)).toEqual(['c']);
      expect(second.nextCursor).toBeNull();
      expect(access.calls.filter((call) => call.action === 'read')).toHaveLength(2);
    });

    it('should propagate the gate’s 404 for an invisible space', async () => {
      const { sut, access } = createSut();
      access.visible.clear();

      const failure = sut.list(caller, SPACE, { limit: 20 });

      await expect(failure).rejects.toMatchObject({ code: TenancyErrorCode.SpaceNotFound, status: 404 });
    });
  });

  describe('get', () => {
    it('should return the datasource after checking read access', async () => {
      const { sut, access } = createSut();
      const created = await sut.create(caller, SPACE, input());
      access.allowed = ['read'];

      const found = await sut.get(caller, SPACE, created.id);

      expect(found).toEqual(created);
      expect(access.calls.at(-1)).toEqual({ spaceId: SPACE, action: 'read' });
    });

    it('should answer 404 for a datasource of another space of the same tenant', async () => {
      const { sut } = createSut();
      const created = await sut.create(caller, OTHER_SPACE, input());

      const failure = sut.get(caller, SPACE, created.id);

      await expect(failure).rejects.toMatchObject({ code: DatasourceErrorCode.NotFound, status: 404 });
    });

    it('should answer 404 for a datasource of another tenant', async () => {
      const { sut } = createSut();
      const created = await sut.create(caller, SPACE, input());

      const failure = sut.get({ ...caller, tenantId: 't-2' }, SPACE, created.id);

      await expect(failure).rejects.toMatchObject({ code: DatasourceErrorCode.NotFound, status: 404 });
    });
  });

  describe('update', () => {
    it('should re-encrypt a changed password with the key active now', async () => {
      const { sut, repository, cipher } = createSut();
      const created = await sut.create(caller, SPACE, input());
      cipher.activeKeyId = 'key-two';

      const updated = await sut.update(caller, SPACE, created.id, { password: 'a-new-password' });

      expect(repository.rows.get(created.id)).toMatchObject({
        passwordCiphertext: `sealed:${Buffer.from('a-new-password').toString('hex')}`,
        passwordKeyId: 'key-two',
      });
      expect(JSON.stringify(updated)).not.toContain('a-new-password');
      expect(updated.hasPassword).toBe(true);
    });

    it('should keep the stored password and its key when no password is sent', async () => {
      const { sut, repository, cipher } = createSut();
      const created = await sut.create(caller, SPACE, input());
      const before = { ...repository.rows.get(created.id)! };
      cipher.activeKeyId = 'key-two';

      const updated = await sut.update(caller, SPACE, created.id, { port: 3307, options: { connectTimeout: 5 } });

      expect(updated).toMatchObject({ port: 3307, options: { connectTimeout: 5 }, name: 'Orders replica', hasPassword: true });
      expect(repository.rows.get(created.id)).toMatchObject({ passwordCiphertext: before.passwordCiphertext, passwordKeyId: 'key-one' });
    });

    it('should remove the password when null is sent', async () => {
      const { sut, repository } = createSut();
      const created = await sut.create(caller, SPACE, input());

      const updated = await sut.update(caller, SPACE, created.id, { password: null });

      expect(updated.hasPassword).toBe(false);
      expect(repository.rows.get(created.id)).toMatchObject({ passwordCiphertext: '', passwordKeyId: '' });
    });

    it('should refuse a rename onto a name taken in the space with 409', async () => {
      const { sut } = createSut();
      await sut.create(caller, SPACE, input({ name: 'taken' }));
      const created = await sut.create(caller, SPACE, input({ name: 'free' }));

      const failure = sut.update(caller, SPACE, created.id, { name: 'taken' });

      await expect(failure).rejects.toMatchObject({ code: DatasourceErrorCode.NameTaken, status: 409 });
    });

    it('should answer 404 for an id that is not in the space', async () => {
      const { sut } = createSut();

      const failure = sut.update(caller, SPACE, MISSING, { port: 1 });

      await expect(failure).rejects.toMatchObject({ code: DatasourceErrorCode.NotFound, status: 404 });
    });

    it('should propagate the gate’s 403 without touching the row', async () => {
      const { sut, access, repository } = createSut();
      const created = await sut.create(caller, SPACE, input());
      access.allowed = ['read'];

      const failure = sut.update(caller, SPACE, created.id, { password: 'sneaky-change' });

      await expect(failure).rejects.toMatchObject({ code: TenancyErrorCode.Forbidden, status: 403 });
      expect(repository.rows.get(created.id)!.passwordCiphertext).toBe(`sealed:${Buffer.from(PASSWORD).toString('hex')}`);
    });
  });

  describe('delete', () => {
    it('should remove the datasource from the space', async () => {
      const { sut, repository } = createSut();
      const created = await sut.create(caller, SPACE, input());

      await sut.delete(caller, SPACE, created.id);

      expect(repository.rows.has(created.id)).toBe(false);
    });

    it('should answer 404 for a datasource of another space and leave it alone', async () => {
      const { sut, repository } = createSut();
      const created = await sut.create(caller, OTHER_SPACE, input());

      const outcome = await codeOf(sut.delete(caller, SPACE, created.id));

      expect(outcome).toBe(DatasourceErrorCode.NotFound);
      expect(repository.rows.has(created.id)).toBe(true);
    });

    it('should propagate the gate’s 403 for a reader', async () => {
      const { sut, access, repository } = createSut();
      const created = await sut.create(caller, SPACE, input());
      access.allowed = ['read'];

      const outcome = await codeOf(sut.delete(caller, SPACE, created.id));

      expect(outcome).toBe(TenancyErrorCode.Forbidden);
      expect(repository.rows.has(created.id)).toBe(true);
    });
  });

  describe('revealPassword', () => {
    it('should decrypt the stored password for a caller who may write', async () => {
      const { sut, access } = createSut();
      const created = await sut.create(caller, SPACE, input());

      const password = await sut.revealPassword(caller, SPACE, created.id);

      expect(password).toBe(PASSWORD);
      expect(access.calls.at(-1)).toEqual({ spaceId: SPACE, action: 'write' });
    });

    it('should answer null when no password is stored', async () => {
      const { sut } = createSut();
      const created = await sut.create(caller, SPACE, input({ password: undefined }));

      const password = await sut.revealPassword(caller, SPACE, created.id);

      expect(password).toBeNull();
    });

    it('should refuse a reader with 403', async () => {
      const { sut, access } = createSut();
      const created = await sut.create(caller, SPACE, input());
      access.allowed = ['read'];

      const outcome = await codeOf(sut.revealPassword(caller, SPACE, created.id));

      expect(outcome).toBe(TenancyErrorCode.Forbidden);
    });
  });
});
