import { Injectable } from '@nestjs/common';
import { AuthUser, PasswordHasher, SessionService } from '@switchyard/auth';
import { TenantRole } from '@switchyard/database';
import { Page, PageQueryDto, decodeCursor, toPage } from '../pagination/page';
import { TenancyErrorCode, TenancyException } from '../tenancy.errors';
import { CreateUserDto, UpdateUserDto, UserDto } from './user.dto';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  /** Only an owner may create another owner; admins create admins and below. */
  async create(caller: AuthUser, input: CreateUserDto): Promise<UserDto> {
    if (input.role === 'owner' && caller.role !== 'owner') {
      throw new TenancyException(TenancyErrorCode.Forbidden, 'Only an owner can create another owner');
    }
    const created = await this.users.create(caller.tenantId, input.username, await this.hasher.hash(input.password), input.role);
    if (!created) {
      throw new TenancyException(TenancyErrorCode.UsernameTaken, `username ${input.username} is already taken in this tenant`, [
        { field: 'username', reason: 'username is already taken' },
      ]);
    }
    return UserDto.from(created);
  }

  async list(caller: AuthUser, query: PageQueryDto): Promise<Page<UserDto>> {
    const [rows, total] = await Promise.all([
      this.users.listPage(caller.tenantId, decodeCursor(query.cursor), query.limit + 1),
      this.users.countInTenant(caller.tenantId),
    ]);
    return toPage(rows, query.limit, UserDto.from, total);
  }

  /** A new role, in force at once: the user's tokens carrying the old one are refused until refreshed. */
  async update(caller: AuthUser, id: string, changes: UpdateUserDto): Promise<UserDto> {
    const target = await this.users.findInTenant(caller.tenantId, id);
    if (!target) throw userNotFound(id);
    if ((changes.role === 'owner' || target.role === 'owner') && caller.role !== 'owner') {
      throw new TenancyException(TenancyErrorCode.Forbidden, 'Only an owner can make or unmake an owner');
    }
    if (target.role === 'owner' && changes.role !== 'owner' && (await this.users.countOwners(caller.tenantId)) <= 1) {
      throw new TenancyException(TenancyErrorCode.Forbidden, 'A tenant keeps at least one owner');
    }
    const updated = await this.users.updateRole(caller.tenantId, id, changes.role);
    if (!updated) throw userNotFound(id);
    if (target.role !== changes.role) await this.sessions.changeRoleForUser(id, changes.role as TenantRole);
    return UserDto.from(updated);
  }

  /** Ends every session of the user: an administrator's action, or the user's own ("log out everywhere"). */
  async endSessions(caller: AuthUser, id: string): Promise<void> {
    const isSelf = caller.userId === id;
    if (!isSelf && caller.role !== 'owner' && caller.role !== 'admin') {
      throw new TenancyException(TenancyErrorCode.Forbidden, "Only owners and admins can end another user's sessions");
    }
    if (!(await this.users.findInTenant(caller.tenantId, id))) throw userNotFound(id);
    await this.sessions.revokeAllForUser(id);
  }
}

/** Another tenant's user answers as a missing one. */
const userNotFound = (id: string) => new TenancyException(TenancyErrorCode.UserNotFound, `User ${id} not found`);
