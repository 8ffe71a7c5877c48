import { Injectable } from '@nestjs/common';
import { LoginCandidate, UserDirectory } from '@switchyard/auth';
import { UsersRepository } from './users.repository';

/** Auth's port to the user store. */
@Injectable()
export class TenancyUserDirectory extends UserDirectory {
  constructor(private readonly users: UsersRepository) {
    super();
  }

  async findForLogin(tenantSlug: string, username: string): Promise<LoginCandidate | null> {
    const user = await this.users.findForLogin(tenantSlug, username);
    return user
      ? { userId: user.id, tenantId: user.tenantId, username: user.username, role: user.role, passwordHash: user.passwordHash }
      : null;
  }
}
