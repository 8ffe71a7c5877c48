import { AuthUser } from '@switchyard/auth';
import { CacheRead } from '@switchyard/cache';
import { DatasourceEntity } from '@switchyard/database';
import { Position, SpaceAccessService, SpaceAction, SpaceDto, TenancyErrorCode, TenancyException } from '@switchyard/tenancy';
import { DatasourcePasswords } from './datasource-passwords';
import { CreateDatasourceDto } from './datasource.dto';
import { DatasourceErrorCode, DatasourceException, hostNotAllowed } from './datasource.errors';
import { DatasourceChanges, DatasourceRepository, NewDatasource, StoredPassword, UnboundPasswordRow } from './datasource.repository';
import { DatasourceService } from './datasource.service';
import { DatasourceEgress } from './egress/datasource-egress';
import { PasswordCipher, PasswordContext, SealedPassword } from './password.cipher';

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
class FakeDatasourceRepository implements Pick<DatasourceRepository, keyof DatasourceRepository> {
  readonly rows = new Map<string, DatasourceEntity>();
  private sequence = 0;

  newId(): string {
    this.sequence += 1;
    return `00000000-0000-4000-8000-${String(this.sequence).padStart(12, '0')}`;
  }

  async create(row: NewDatasource): Promise<DatasourceEntity | null> {
    if (this.nameTaken(row.spaceId, row.name)) return null;
    const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, this.rows.size + 1));
    const entity = { ...row, createdAt, updatedAt: createdAt } as DatasourceEntity;
    this.rows.set(row.id, entity);
    return { ...entity };
  }

  async replacePassword(id: string, expected: StoredPassword, next: StoredPassword): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.passwordCiphertext !== expected.passwordCiphertext || row.passwordKeyId !== expected.passwordKeyId) return false;
    this.rows.set(id, { ...row, ...next });
    return true;
  }

  async listUnboundPasswords(afterId: string, take: number): Promise<UnboundPasswordRow[]> {
    return [...this.rows.values()]
      .filter((row) => row.passwordKeyId !== '' && !row.passwordCiphertext.startsWith('v2:') && row.id > afterId)
      .sort((left, right) => left.id.localeCompare(right.id))
      .slice(0, take);
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

const hex = (text: string): string => Buffer.from(text).toString('hex');

/**
 * A reversible stand-in for AES-GCM that records which key and which row sealed what: `v2:<row id>:<hex>`,
 * readable for that row only; a bare hex ciphertext plays the unbound v1 format.
 */
class FakePasswordCipher implements Pick<PasswordCipher, 'encrypt' | 'decrypt' | 'isUnbound'> {
  activeKeyId = 'key-one';

  encrypt(plaintext: string, context: PasswordContext): SealedPassword {
    return { ciphertext: `v2:${context.datasourceId}:${hex(plaintext)}`, keyId: this.activeKeyId };
  }

  decrypt(sealed: SealedPassword, context: PasswordContext): string {
    const [, rowId, data] = /^v2:([^:]+):(.*)$/.exec(sealed.ciphertext) ?? [undefined, context.datasourceId, sealed.ciphertext];
    if (rowId !== context.datasourceId) throw new DatasourceException(DatasourceErrorCode.PasswordUnreadable, 'sealed for another row');
    return Buffer.from(data!, 'hex').toString('utf8');
  }

  isUnbound(sealed: SealedPassword): boolean {
    return sealed.keyId !== '' && !sealed.ciphertext.startsWith('v2:');
  }
}

/** The egress policy as the tests configure it: hosts listed in `refused` answer 400 naming the host. */
class FakeEgress implements Pick<DatasourceEgress, 'requireAllowed'> {
  readonly checks: Array<{ host: string; datasourceId?: string }> = [];
  readonly refused = new Set<string>();

  async requireAllowed(host: string, datasourceId?: string): Promise<void> {
    this.checks.push(datasourceId === undefined ? { host } : { host, datasourceId });
    if (this.refused.has(host)) throw hostNotAllowed('host is a loopback address, which datasources may not reach', datasourceId);
  }
}

function createSut() {
  const repository = new FakeDatasourceRepository();
  const access = new FakeSpaceAccess();
  const cipher = new FakePasswordCipher();
  const egress = new FakeEgress();
  const passwords = new DatasourcePasswords(repository as unknown as DatasourceRepository, cipher as unknown as PasswordCipher);
  const sut = new DatasourceService(
    repository as unknown as DatasourceRepository,
    access as unknown as SpaceAccessService,
    passwords,
    egress as unknown as DatasourceEgress,
  );
  return { sut, repository, access, cipher, egress };
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
      expect(row.passwordCiphertext).toBe(`v2:${created.id}:${hex(PASSWORD)}`);
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

    it('should refuse a host the egress policy refuses with 400 naming the field, storing nothing', async () => {
      const { sut, egress, repository } = createSut();
      egress.refused.add('127.0.0.1');

      const failure = sut.create(caller, SPACE, input({ host: '127.0.0.1' }));

      await expect(failure).rejects.toMatchObject({
        code: DatasourceErrorCode.HostNotAllowed,
        status: 400,
        details: [{ field: 'host', reason: expect.stringContaining('loopback') }],
      });
      expect(repository.rows.size).toBe(0);
    });

    it('should ask the egress policy only after the space gate let the caller write', async () => {
      const { sut, access, egress } = createSut();
      access.allowed = ['read'];

      const outcome = await codeOf(sut.create(caller, SPACE, input()));

      expect(outcome).toBe(TenancyErrorCode.Forbidden);
      expect(egress.checks).toEqual([]);
    });

    it('should seal the password to the id the new row gets', async () => {
      const { sut, repository } = createSut();

      const created = await sut.create(caller, SPACE, input());

      expect(repository.rows.get(created.id)!.passwordCiphertext).toBe(`v2:${created.id}:${hex(PASSWORD)}`);
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
        passwordCiphertext: `v2:${created.id}:${hex('a-new-password')}`,
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

    it('should check a new host against the egress policy and leave the row untouched when refused', async () => {
      const { sut, egress, repository } = createSut();
      const created = await sut.create(caller, SPACE, input());
      egress.refused.add('169.254.169.254');

      const failure = sut.update(caller, SPACE, created.id, { host: '169.254.169.254', port: 80 });

      await expect(failure).rejects.toMatchObject({ code: DatasourceErrorCode.HostNotAllowed, details: [{ field: 'host' }] });
      expect(repository.rows.get(created.id)).toMatchObject({ host: 'db.internal', port: 3306 });
      expect(egress.checks.map((check) => check.host)).toEqual(['db.internal', '169.254.169.254']);
    });

    it('should not look the stored host up again when the change does not carry a host', async () => {
      const { sut, egress } = createSut();
      const created = await sut.create(caller, SPACE, input());

      await sut.update(caller, SPACE, created.id, { port: 3307 });

      expect(egress.checks).toEqual([{ host: 'db.internal' }]);
    });

    it('should seal a kept v1 password to its row on the next write', async () => {
      const { sut, repository } = createSut();
      const created = await sut.create(caller, SPACE, input({ password: undefined }));
      repository.rows.set(created.id, { ...repository.rows.get(created.id)!, passwordCiphertext: hex(PASSWORD), passwordKeyId: 'key-one' });

      await sut.update(caller, SPACE, created.id, { port: 3307 });

      expect(repository.rows.get(created.id)).toMatchObject({ passwordCiphertext: `v2:${created.id}:${hex(PASSWORD)}`, port: 3307 });
    });

    it('should propagate the gate’s 403 without touching the row', async () => {
      const { sut, access, repository } = createSut();
      const created = await sut.create(caller, SPACE, input());
      access.allowed = ['read'];

      const failure = sut.update(caller, SPACE, created.id, { password: 'sneaky-change' });

      await expect(failure).rejects.toMatchObject({ code: TenancyErrorCode.Forbidden, status: 403 });
      expect(repository.rows.get(created.id)!.passwordCiphertext).toBe(`v2:${created.id}:${hex(PASSWORD)}`);
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

    it('should read a v1 password and seal it to its row in the same call', async () => {
      const { sut, repository } = createSut();
      const created = await sut.create(caller, SPACE, input({ password: undefined }));
      repository.rows.set(created.id, { ...repository.rows.get(created.id)!, passwordCiphertext: hex(PASSWORD), passwordKeyId: 'key-one' });

      const password = await sut.revealPassword(caller, SPACE, created.id);

      expect(password).toBe(PASSWORD);
      expect(repository.rows.get(created.id)!.passwordCiphertext).toBe(`v2:${created.id}:${hex(PASSWORD)}`);
    });

    it('should refuse a ciphertext copied from another row instead of revealing it', async () => {
      const { sut, repository } = createSut();
      const victim = await sut.create(caller, SPACE, input({ name: 'victim', password: 'the-victim-password' }));
      const copy = await sut.create(caller, SPACE, input({ name: 'copy', password: 'mine' }));
      repository.rows.set(copy.id, {
        ...repository.rows.get(copy.id)!,
        passwordCiphertext: repository.rows.get(victim.id)!.passwordCiphertext,
      });

      const failure = sut.revealPassword(caller, SPACE, copy.id);

      await expect(failure).rejects.toMatchObject({ code: DatasourceErrorCode.PasswordUnreadable, status: 500 });
    });
  });

  describe('connectionOf', () => {
    it('should answer the connection string of the datasource for a reader of the space', async () => {
      const { sut, access } = createSut();
      const created = await sut.create(
        caller,
        SPACE,
        input({ type: 'postgresql', host: 'fd12:3456::7', port: 5432, database: 'sales$2026' }),
      );
      access.allowed = ['read'];

      const url = await sut.connectionOf(caller, SPACE, created.id);

      expect(url).toBe('postgresql://[fd12:3456::7]:5432/sales$2026');
    });

    it('should check the stored host against the egress policy again, naming the datasource', async () => {
      const { sut, egress } = createSut();
      const created = await sut.create(caller, SPACE, input({ host: 'rebinding.example' }));
      egress.refused.add('rebinding.example');

      const failure = sut.connectionOf(caller, SPACE, created.id);

      await expect(failure).rejects.toMatchObject({
        code: DatasourceErrorCode.HostNotAllowed,
        message: expect.stringContaining(`Datasource ${created.id} cannot be used`),
      });
      expect(egress.checks.at(-1)).toEqual({ host: 'rebinding.example', datasourceId: created.id });
    });

    it('should refuse a stored row that breaks the definition rules with 409 naming each field', async () => {
      const { sut, repository, egress } = createSut();
      const created = await sut.create(caller, SPACE, input());
      repository.rows.set(created.id, {
        ...repository.rows.get(created.id)!,
        host: 'db.internal/x?allowLoadLocalInfile=true',
        databaseName: 'orders?user=root',
        options: { allowLoadLocalInfile: true },
      });

      const failure = sut.connectionOf(caller, SPACE, created.id);

      await expect(failure).rejects.toMatchObject({
        code: DatasourceErrorCode.DefinitionInvalid,
        status: 409,
        details: [{ field: 'host' }, { field: 'database' }, { field: 'options' }],
      });
      expect(egress.checks).toHaveLength(1);
    });

    it('should answer 404 for a datasource of another space', async () => {
      const { sut } = createSut();
      const created = await sut.create(caller, OTHER_SPACE, input());

      const outcome = await codeOf(sut.connectionOf(caller, SPACE, created.id));

      expect(outcome).toBe(DatasourceErrorCode.NotFound);
    });
  });
});
