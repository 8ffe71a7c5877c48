import { Injectable } from '@nestjs/common';
import { AuthUser } from '@switchyard/auth';
import { DatasourceEntity } from '@switchyard/database';
import { Page, PageQueryDto, SpaceAccessService, decodeCursor, toPage } from '@switchyard/tenancy';
import { connectionUrl } from './connection-url';
import { storedDefinitionProblems } from './datasource-definition.rules';
import { DatasourcePasswords } from './datasource-passwords';
import { CreateDatasourceDto, DatasourceDto, UpdateDatasourceDto } from './datasource.dto';
import { datasourceNameTaken, datasourceNotFound, definitionInvalid } from './datasource.errors';
import { DatasourceChanges, DatasourceRepository } from './datasource.repository';
import { DatasourceEgress } from './egress/datasource-egress';

/**
 * Datasources of a space: every call passes the space gate first, hosts pass the egress policy, and
 * passwords only ever leave as ciphertext sealed to their row.
 */
@Injectable()
export class DatasourceService {
  constructor(
    private readonly datasources: DatasourceRepository,
    private readonly access: SpaceAccessService,
    private readonly passwords: DatasourcePasswords,
    private readonly egress: DatasourceEgress,
  ) {}

  async create(caller: AuthUser, spaceId: string, input: CreateDatasourceDto): Promise<DatasourceDto> {
    await this.access.require(caller, spaceId, 'write');
    await this.egress.requireAllowed(input.host);
    const row = { id: this.datasources.newId(), tenantId: caller.tenantId, spaceId };
    const created = await this.datasources.create({
      ...row,
      name: input.name,
      type: input.type,
      host: input.host,
      port: input.port,
      databaseName: input.database,
      username: input.username ?? '',
      options: input.options ?? {},
      createdBy: caller.userId,
      ...this.passwords.seal(row, input.password ?? null),
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
    return DatasourceDto.from(await this.findInSpace(caller, spaceId, id));
  }

  async update(caller: AuthUser, spaceId: string, id: string, input: UpdateDatasourceDto): Promise<DatasourceDto> {
    await this.access.require(caller, spaceId, 'write');
    if (input.host !== undefined) await this.egress.requireAllowed(input.host);
    const changes = this.changesOf({ id, tenantId: caller.tenantId, spaceId }, input);
    const updated = await this.datasources.update(caller.tenantId, spaceId, id, changes);
    if (updated === 'taken') throw datasourceNameTaken(input.name ?? '');
    if (!updated) throw datasourceNotFound(id);
    await this.passwords.upgrade(updated);
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
    return this.passwords.reveal(await this.findInSpace(caller, spaceId, id));
  }

  /**
   * Where SeaTunnel should connect for this datasource, checked against today's rules and the egress policy
   * just before use: rows written before them, and names that now resolve elsewhere, are refused here.
   */
  async connectionOf(caller: AuthUser, spaceId: string, id: string): Promise<string> {
    await this.access.require(caller, spaceId, 'read');
    const found = await this.findInSpace(caller, spaceId, id);
    const problems = storedDefinitionProblems(found);
    if (problems.length > 0) throw definitionInvalid(id, problems);
    await this.egress.requireAllowed(found.host, id);
    return connectionUrl(found);
  }

  private async findInSpace(caller: AuthUser, spaceId: string, id: string): Promise<DatasourceEntity> {
    const found = await this.datasources.findInSpace(caller.tenantId, spaceId, id);
    if (!found) throw datasourceNotFound(id);
    return found;
  }

  private changesOf(row: { id: string; tenantId: string; spaceId: string }, input: UpdateDatasourceDto): DatasourceChanges {
    const changes: DatasourceChanges = {
      name: input.name,
      type: input.type,
      host: input.host,
      port: input.port,
      databaseName: input.database,
      username: input.username,
      options: input.options,
      ...(input.password === undefined ? {} : this.passwords.seal(row, input.password)),
    };
    // Absent fields stay as stored; dropping them also lets an empty PATCH skip the UPDATE altogether.
    return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as DatasourceChanges;
  }
}
