import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { TenantEntity } from '@switchyard/database';
import { Repository } from 'typeorm';
import { TenantRef } from './core/routing.assignment';

/** The console shows and previews routing per tenant; this bound keeps one request's work finite. */
const MAX_TENANTS = 10_000;

/** Every tenant routing may name, by id and slug. */
@Injectable()
export class RoutingTenantsRepository {
  constructor(@InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>) {}

  async listTenants(): Promise<TenantRef[]> {
    const rows = await this.tenants.find({ select: { id: true, slug: true }, order: { slug: 'ASC' }, take: MAX_TENANTS });
    return rows.map(({ id, slug }) => ({ id, slug }));
  }
}
