import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { TenantEntity, UserEntity, isUniqueViolation } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';

/** Insert-or-read on unique keys: two nodes bootstrapping at once both end with the same rows. */
@Injectable()
export class BootstrapRepository {
  constructor(
    @InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  async ensureTenant(slug: string): Promise<TenantEntity> {
    const existing = await this.tenants.findOneBy({ slug });
    if (existing) return existing;
    try {
      await this.tenants.insert({ id: randomUUID(), slug, name: slug, createdAt: new Date() });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return this.tenants.findOneByOrFail({ slug });
  }

  async userExists(tenantId: string, username: string): Promise<boolean> {
    return this.users.existsBy({ tenantId, username });
  }

  async createOwnerIfAbsent(tenantId: string, username: string, passwordHash: string): Promise<boolean> {
    try {
      await this.users.insert({ id: randomUUID(), tenantId, username, passwordHash, role: 'owner', createdAt: new Date() });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
