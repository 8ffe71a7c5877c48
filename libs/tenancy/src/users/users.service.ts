import { Injectable } from '@nestjs/common';
import { AuthUser, PasswordHasher } from '@switchyard/auth';
import { Page, PageQueryDto, decodeCursor, toPage } from '../pagination/page';
import { TenancyErrorCode, TenancyException } from '../tenancy.errors';
import { CreateUserDto, UserDto } from './user.dto';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
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
}
