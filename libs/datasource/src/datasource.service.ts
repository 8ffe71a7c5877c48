import { Injectable } from '@nestjs/common';
import { AuthUser } from '@switchyard/auth';
import { Page, PageQueryDto, SpaceAccessService, decodeCursor, toPage } from '@switchyard/tenancy';
import { CreateDatasourceDto, DatasourceDto, UpdateDatasourceDto } from './datasource.dto';
import { datasourceNameTaken, datasourceNotFound } from './datasource.errors';
import { DatasourceChanges, DatasourceRepository, NewDatasource } from './datasource.repository';
import { PasswordCipher } from './password.cipher';

type StoredPassword = Pick<NewDatasource, 'passwordCiphertext' | 'passwordKeyId'>;

const NO_PASSWORD: StoredPassword = { passwordCiphertext: '', passwordKeyId: '' };

/** Datasources of a space: every call passes the space gate first, and passwords only ever leave as ciphertext. */
@Injectable()
export class DatasourceService {
  constructor(
    private readonly datasources: DatasourceRepository,
    private readonly access: SpaceAccessService,
    private readonly cipher: PasswordCipher,
  ) {}

  async create(caller: AuthUser, spaceId: string, input: CreateDatasourceDto): Promise<DatasourceDto> {
    await this.access.require(caller, spaceId, 'write');
    const created = await this.datasources.create({
      tenantId: caller.tenantId,
      spaceId,
      name: input.name,
      type: input.type,
      host: input.host,
      port: input.port,
      databaseName: input.database,
      username: input.username ?? '',
      options: input.options ?? {},
      createdBy: caller.userId,
      ...(input.password === undefined ? NO_PASSWORD : this.seal(input.password)),
    });
    if (!created) throw datasourceNameTaken(input.name);
    return DatasourceDto.from(created);
  }

  async list(caller: AuthUser, spaceId: string, query: PageQueryDto): Promise<Page<DatasourceDto>> {
    await this.access.require(caller, spaceId, 'read');
    const rows = await this.datasources.listPage(caller.tenantId, spaceId, decodeCursor(query.cursor), query.limit + 1);
    return toPage(rows, query.limit, DatasourceDto.from);
  }

  async get(caller: AuthUser, spaceId: string, id: string): Promise<DatasourceDto> {
    await this.access.require(caller, spaceId, 'read');
    const found = await this.datasources.findInSpace(caller.tenantId, spaceId, id);
    if (!found) throw datasourceNotFound(id);
    return DatasourceDto.from(found);
  }

  async update(caller: AuthUser, spaceId: string, id: string, input: UpdateDatasourceDto): Promise<DatasourceDto> {
    await this.access.require(caller, spaceId, 'write');
    const updated = await this.datasources.update(caller.tenantId, spaceId, id, this.changesOf(input));
    if (updated === 'taken') throw datasourceNameTaken(input.name ?? '');
    if (!updated) throw datasourceNotFound(id);
    return DatasourceDto.from(updated);
  }

  async delete(caller: AuthUser, spaceId: string, id: string): Promise<void> {
    await this.access.require(caller, spaceId, 'write');
    if (!(await this.datasources.delete(caller.tenantId, spaceId, id))) throw datasourceNotFound(id);
  }

  /**
   * The clear password, for internal callers that open connections (sync jobs); no route exposes it.
   * Gated on 'write': a space viewer may see a datasource but never use its secret. Null when none is stored.
   */
  async revealPassword(caller: AuthUser, spaceId: string, id: string): Promise<string | null> {
    await this.access.require(caller, spaceId, 'write');
    const found = await this.datasources.findInSpace(caller.tenantId, spaceId, id);
    if (!found) throw datasourceNotFound(id);
    if (found.passwordKeyId === '') return null;
    return this.cipher.decrypt({ ciphertext: found.passwordCiphertext, keyId: found.passwordKeyId });
  }

  private changesOf(input: UpdateDatasourceDto): DatasourceChanges {
    const changes: DatasourceChanges = {
      name: input.name,
      type: input.type,
      host: input.host,
      port: input.port,
      databaseName: input.database,
      username: input.username,
      options: input.options,
      ...(input.password === undefined ? {} : input.password === null ? NO_PASSWORD : this.seal(input.password)),
    };
    // Absent fields stay as stored; dropping them also lets an empty PATCH skip the UPDATE altogether.
    return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as DatasourceChanges;
  }

  // Always the active key: a changed password moves its row onto the newest key as a side effect of rotation.
  private seal(password: string): StoredPassword {
    const sealed = this.cipher.encrypt(password);
    return { passwordCiphertext: sealed.ciphertext, passwordKeyId: sealed.keyId };
  }
}
