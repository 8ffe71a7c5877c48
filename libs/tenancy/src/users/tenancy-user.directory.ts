import { Injectable } from '@nestjs/common';
import { LoginCandidate, UserDirectory } from '@switchyard/auth';
import { UserEntity } from '@switchyard/database';
import { UsersRepository } from './users.repository';

/** Auth's port to the user store. */
@Injectable()
export class TenancyUserDirectory extends UserDirectory {
  constructor(private readonly users: UsersRepository) {
    super();
  }

  async findForLogin(tenantSlug: string, username: string): Promise<LoginCandidate | null> {
    return candidateOf(await this.users.findForLogin(tenantSlug, username));
  }

  async findById(tenantId: string, userId: string): Promise<LoginCandidate | null> {
    return candidateOf(await this.users.findInTenant(tenantId, userId));
  }

  async updatePasswordHash(tenantId: string, userId: string, passwordHash: string): Promise<void> {
    await this.users.updatePasswordHash(tenantId, userId, passwordHash);
  }

  findTenantSlug(tenantId: string): Promise<string | null> {
    return this.users.findTenantSlug(tenantId);
  }
}

function candidateOf(user: UserEntity | null): LoginCandidate | null {
  return user
    ? { userId: user.id, tenantId: user.tenantId, username: user.username, role: user.role, passwordHash: user.passwordHash }
    : null;
}
