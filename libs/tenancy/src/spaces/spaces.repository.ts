import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SpaceEntity, SpaceMembershipEntity, SpaceRole, isUniqueViolation } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Position } from '../pagination/page';

/** Spaces and their memberships; every query is bound to a tenant id. */
@Injectable()
export class SpacesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get spaces() {
    return this.dataSource.getRepository(SpaceEntity);
  }

  private get memberships() {
    return this.dataSource.getRepository(SpaceMembershipEntity);
  }

  /** Creates the space and makes its creator the owner, together; null when the name is taken. */
  async create(tenantId: string, name: string, description: string, createdBy: string): Promise<SpaceEntity | null> {
    const id = randomUUID();
    try {
      // Read back inside the transaction: once it commits there is nothing left to fail, so a client is never
      // told "database unavailable" about a space that was stored (the chaos suite saw that once).
      return await this.dataSource.transaction(async (manager) => {
        await manager.insert(SpaceEntity, { id, tenantId, name, description, createdBy, createdAt: new Date() });
        await manager.insert(SpaceMembershipEntity, { spaceId: id, userId: createdBy, tenantId, role: 'owner' });
        return manager.findOneByOrFail(SpaceEntity, { id });
      });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  findInTenant(tenantId: string, id: string): Promise<SpaceEntity | null> {
    return this.spaces.findOneBy({ tenantId, id });
  }

  async membershipRole(tenantId: string, spaceId: string, userId: string): Promise<SpaceRole | null> {
    const membership = await this.memberships.findOneBy({ tenantId, spaceId, userId });
    return membership?.role ?? null;
  }

  countVisible(tenantId: string, memberId: string | undefined): Promise<number> {
    const query = this.spaces.createQueryBuilder('space').where('space.tenantId = :tenantId', { tenantId });
    if (memberId)
      query.innerJoin(SpaceMembershipEntity, 'membership', 'membership.spaceId = space.id AND membership.userId = :memberId', { memberId });
    return query.getCount();
  }

  /** `memberId` limits the list to that user's spaces; undefined lists the whole tenant. */
  listPage(tenantId: string, memberId: string | undefined, after: Position | undefined, take: number): Promise<SpaceEntity[]> {
    const query = this.spaces.createQueryBuilder('space').where('space.tenantId = :tenantId', { tenantId });
    if (memberId)
      query.innerJoin(SpaceMembershipEntity, 'membership', 'membership.spaceId = space.id AND membership.userId = :memberId', { memberId });
    if (after)
      query.andWhere('(space.createdAt > :at OR (space.createdAt = :at AND space.id > :id))', { at: after.createdAt, id: after.id });
    return query.orderBy('space.createdAt', 'ASC').addOrderBy('space.id', 'ASC').take(take).getMany();
  }

  /** 'taken' when the new name collides in this tenant. */
  async update(tenantId: string, id: string, changes: Partial<Pick<SpaceEntity, 'name' | 'description'>>): Promise<SpaceEntity | 'taken'> {
    // The validated DTO has its absent fields as own keys holding undefined: only the given ones count, so an
    // empty PATCH writes nothing (it used to touch updated_at alone).
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    try {
      if (Object.keys(given).length > 0) await this.spaces.update({ tenantId, id }, given);
    } catch (error) {
      if (isUniqueViolation(error)) return 'taken';
      throw error;
    }
    return this.spaces.findOneByOrFail({ tenantId, id });
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(SpaceMembershipEntity, { tenantId, spaceId: id });
      await manager.delete(SpaceEntity, { tenantId, id });
    });
  }

  async upsertMember(tenantId: string, spaceId: string, userId: string, role: SpaceRole): Promise<void> {
    await this.memberships.upsert({ tenantId, spaceId, userId, role }, ['spaceId', 'userId']);
  }
}
