import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock } from '@switchyard/common';
import { DatasourceEntity, isUniqueViolation } from '@switchyard/database';
import { Position } from '@switchyard/tenancy';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';

/** Everything a datasource row holds that its creator decides, and the id taken from `newId()`; timestamps are the repository's. */
export type NewDatasource = Omit<DatasourceEntity, 'tenant' | 'space' | 'createdAt' | 'updatedAt'>;

export type StoredPassword = Pick<DatasourceEntity, 'passwordCiphertext' | 'passwordKeyId'>;

/** A row whose password was sealed without its context (format v1), as the upgrade sweep reads it. */
export type UnboundPasswordRow = Pick<DatasourceEntity, 'id' | 'tenantId' | 'spaceId'> & StoredPassword;

const CURRENT_CIPHERTEXT_PREFIX = 'v2:';

export type DatasourceChanges = Partial<
  Pick<
    DatasourceEntity,
    'name' | 'type' | 'host' | 'port' | 'databaseName' | 'username' | 'options' | 'passwordCiphertext' | 'passwordKeyId'
  >
>;

/** Datasource rows; every query is bound to both a tenant and a space. */
@Injectable()
export class DatasourceRepository {
  constructor(
    @InjectRepository(DatasourceEntity) private readonly datasources: Repository<DatasourceEntity>,
    private readonly clock: Clock,
  ) {}

  /** The id of a row about to be created: the password is sealed to it before the row exists. */
  newId(): string {
    return randomUUID();
  }

  /** Null when the name is taken in this space. */
  async create(row: NewDatasource): Promise<DatasourceEntity | null> {
    const { id } = row;
    // Millisecond creation time (not the column's microseconds): list cursors carry a JS Date, and a
    // sub-millisecond remainder would make the last row of a page reappear on the next one.
    const createdAt = new Date(this.clock.now());
    try {
      await this.datasources.insert({ ...row, createdAt, updatedAt: createdAt });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    return this.datasources.findOneByOrFail({ id });
  }

  findInSpace(tenantId: string, spaceId: string, id: string): Promise<DatasourceEntity | null> {
    return this.datasources.findOneBy({ tenantId, spaceId, id });
  }

  listPage(tenantId: string, spaceId: string, after: Position | undefined, take: number): Promise<DatasourceEntity[]> {
    const query = this.datasources
      .createQueryBuilder('datasource')
      .where('datasource.tenantId = :tenantId AND datasource.spaceId = :spaceId', { tenantId, spaceId });
    if (after)
      query.andWhere('(datasource.createdAt > :at OR (datasource.createdAt = :at AND datasource.id > :id))', {
        at: after.createdAt,
        id: after.id,
      });
    return query.orderBy('datasource.createdAt', 'ASC').addOrderBy('datasource.id', 'ASC').take(take).getMany();
  }

  /** The updated row, 'taken' when the new name collides in the space, null when the row is gone. */
  async update(tenantId: string, spaceId: string, id: string, changes: DatasourceChanges): Promise<DatasourceEntity | 'taken' | null> {
    try {
      if (Object.keys(changes).length > 0) await this.datasources.update({ tenantId, spaceId, id }, changes);
    } catch (error) {
      if (isUniqueViolation(error)) return 'taken';
      throw error;
    }
    return this.findInSpace(tenantId, spaceId, id);
  }

  /**
   * Replaces the password only if it is still `expected`: a password changed meanwhile is never overwritten
   * with an older one. updated_at is kept, as sealing anew is not an edit. False when the row moved on.
   */
  async replacePassword(id: string, expected: StoredPassword, next: StoredPassword): Promise<boolean> {
    const result = await this.datasources
      .createQueryBuilder()
      .update(DatasourceEntity)
      .set({ ...next, updatedAt: () => 'updated_at' })
      .where('id = :id AND password_ciphertext = :ciphertext AND password_key_id = :keyId', {
        id,
        ciphertext: expected.passwordCiphertext,
        keyId: expected.passwordKeyId,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Rows with a password in the unbound format, in id order after `afterId`. */
  listUnboundPasswords(afterId: string, take: number): Promise<UnboundPasswordRow[]> {
    return this.datasources
      .createQueryBuilder('datasource')
      .select(['datasource.id', 'datasource.tenantId', 'datasource.spaceId', 'datasource.passwordCiphertext', 'datasource.passwordKeyId'])
      .where("datasource.passwordKeyId <> '' AND datasource.id > :afterId", { afterId })
      .andWhere('datasource.passwordCiphertext NOT LIKE :current', { current: `${CURRENT_CIPHERTEXT_PREFIX}%` })
      .orderBy('datasource.id', 'ASC')
      .take(take)
      .getMany();
  }

  /** False when there was no such row in this space. */
  async delete(tenantId: string, spaceId: string, id: string): Promise<boolean> {
    const result = await this.datasources.delete({ tenantId, spaceId, id });
    return (result.affected ?? 0) > 0;
  }
}
