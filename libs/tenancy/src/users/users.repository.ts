import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { TENANT_SLUG_PATTERN, TenantEntity, TenantRole, USERNAME_PATTERN, UserEntity, isUniqueViolation } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Position } from '../pagination/page';

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>,
  ) {}

  /** Exact names only: the collation would otherwise match `ＡＬＩＣＥ` or `Àlice` to alice. */
  async findForLogin(tenantSlug: string, username: string): Promise<UserEntity | null> {
    if (!TENANT_SLUG_PATTERN.test(tenantSlug) || !USERNAME_PATTERN.test(username)) return null;
    const tenant = await this.tenants.findOneBy({ slug: tenantSlug });
    return tenant ? this.users.findOneBy({ tenantId: tenant.id, username }) : null;
  }

  async findTenantSlug(tenantId: string): Promise<string | null> {
    return (await this.tenants.findOneBy({ id: tenantId }))?.slug ?? null;
  }

  findInTenant(tenantId: string, id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ tenantId, id });
  }

  async updatePasswordHash(tenantId: string, id: string, passwordHash: string): Promise<void> {
    await this.users.update({ tenantId, id }, { passwordHash });
  }

  /** The user with the new role, or null when there is no such user in the tenant. */
  async updateRole(tenantId: string, id: string, role: TenantRole): Promise<UserEntity | null> {
    const result = await this.users.update({ tenantId, id }, { role });
    return result.affected ? this.findInTenant(tenantId, id) : null;
  }

  countOwners(tenantId: string): Promise<number> {
    return this.users.countBy({ tenantId, role: 'owner' });
  }

  /** Null when the username is taken in this tenant. */
  async create(tenantId: string, username: string, passwordHash: string, role: TenantRole): Promise<UserEntity | null> {
    const user = this.users.create({ id: randomUUID(), tenantId, username, passwordHash, role, createdAt: new Date() });
    try {
      await this.users.insert(user);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    return this.users.findOneByOrFail({ id: user.id });
  }

  countInTenant(tenantId: string): Promise<number> {
    return this.users.countBy({ tenantId });
  }

  listPage(tenantId: string, after: Position | undefined, take: number): Promise<UserEntity[]> {
    const query = this.users.createQueryBuilder('user').where('user.tenantId = :tenantId', { tenantId });
    if (after) query.andWhere('(user.createdAt > :at OR (user.createdAt = :at AND user.id > :id))', { at: after.createdAt, id: after.id });
    return query.orderBy('user.createdAt', 'ASC').addOrderBy('user.id', 'ASC').take(take).getMany();
  }
}
