import { Injectable } from '@nestjs/common';
import { AuthUser } from '@switchyard/auth';
import { CacheRead, CacheStore } from '@switchyard/cache';
import { SpaceRole } from '@switchyard/database';
import { Page, PageQueryDto, decodeCursor, toPage } from '../pagination/page';
import { TenancyErrorCode, TenancyException } from '../tenancy.errors';
import { UsersRepository } from '../users/users.repository';
import { SpaceAccessService } from './space-access.service';
import { canCreateSpace } from './space-access.policy';
import { CreateSpaceDto, MembershipDto, SpaceDto, UpdateSpaceDto } from './space.dto';
import { SpacesRepository } from './spaces.repository';

const nameTaken = (name: string) =>
  new TenancyException(TenancyErrorCode.SpaceNameTaken, `A space named "${name}" already exists in this tenant`, [
    { field: 'name', reason: 'name is already taken' },
  ]);

@Injectable()
export class SpacesService {
  constructor(
    private readonly spaces: SpacesRepository,
    private readonly users: UsersRepository,
    private readonly access: SpaceAccessService,
    private readonly cache: CacheStore,
  ) {}

  async create(caller: AuthUser, input: CreateSpaceDto): Promise<SpaceDto> {
    if (!canCreateSpace(caller.role)) throw new TenancyException(TenancyErrorCode.Forbidden, 'Viewers cannot create spaces');
    const created = await this.spaces.create(caller.tenantId, input.name, input.description ?? '', caller.userId);
    if (!created) throw nameTaken(input.name);
    return SpaceDto.from(created);
  }

  get(caller: AuthUser, id: string): Promise<CacheRead<SpaceDto>> {
    return this.access.require(caller, id, 'read');
  }

  async list(caller: AuthUser, query: PageQueryDto): Promise<Page<SpaceDto>> {
    const seesAll = caller.role === 'owner' || caller.role === 'admin';
    const memberId = seesAll ? undefined : caller.userId;
    const [rows, total] = await Promise.all([
      this.spaces.listPage(caller.tenantId, memberId, decodeCursor(query.cursor), query.limit + 1),
      this.spaces.countVisible(caller.tenantId, memberId),
    ]);
    return toPage(rows, query.limit, SpaceDto.from, total);
  }

  async update(caller: AuthUser, id: string, changes: UpdateSpaceDto): Promise<SpaceDto> {
    await this.access.require(caller, id, 'manage');
    const updated = await this.spaces.update(caller.tenantId, id, changes);
    if (updated === 'taken') throw nameTaken(changes.name ?? '');
    await this.cache.evict(SpaceAccessService.cacheKey(caller.tenantId, id));
    return SpaceDto.from(updated);
  }

  async delete(caller: AuthUser, id: string): Promise<void> {
    await this.access.require(caller, id, 'manage');
    await this.spaces.delete(caller.tenantId, id);
    await this.cache.evict(SpaceAccessService.cacheKey(caller.tenantId, id));
  }

  async setMember(caller: AuthUser, spaceId: string, userId: string, role: SpaceRole): Promise<MembershipDto> {
    await this.access.require(caller, spaceId, 'manage');
    if (!(await this.users.findInTenant(caller.tenantId, userId)))
      throw new TenancyException(TenancyErrorCode.UserNotFound, `User ${userId} not found`);
    await this.spaces.upsertMember(caller.tenantId, spaceId, userId, role);
    return { spaceId, userId, role };
  }
}
