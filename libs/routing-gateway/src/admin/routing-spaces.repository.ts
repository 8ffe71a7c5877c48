import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { SpaceEntity, TenantEntity } from '@switchyard/database';
import { MoreThan, Repository } from 'typeorm';
import { TenantRef } from '../decision/core/routing.assignment';
import { SpaceRef } from '../decision/core/space.assignment';

/** One tenant's spaces, by name: the console's per-space listing of sides reads them a page at a time. */
@Injectable()
export class RoutingSpacesRepository {
  constructor(
    @InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>,
    @InjectRepository(SpaceEntity) private readonly spaces: Repository<SpaceEntity>,
  ) {}

  async findTenant(tenantId: string): Promise<TenantRef | undefined> {
    const row = await this.tenants.findOne({ select: { id: true, slug: true }, where: { id: tenantId } });
    return row ? { id: row.id, slug: row.slug } : undefined;
  }

  /** Names are unique per tenant, so `afterName` is a keyset position that never skips or repeats a space. */
  async listSpaces(tenantId: string, limit: number, afterName?: string): Promise<SpaceRef[]> {
    const rows = await this.spaces.find({
      select: { id: true, name: true },
      where: afterName === undefined ? { tenantId } : { tenantId, name: MoreThan(afterName) },
      order: { name: 'ASC' },
      take: limit,
    });
    return rows.map(({ id, name }) => ({ id, name }));
  }

  countSpaces(tenantId: string): Promise<number> {
    return this.spaces.count({ where: { tenantId } });
  }
}
