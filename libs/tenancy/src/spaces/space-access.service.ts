import { Injectable } from '@nestjs/common';
import { AuthUser } from '@switchyard/auth';
import { CacheRead, CacheStore } from '@switchyard/cache';
import { TenancyErrorCode, TenancyException, spaceNotFound } from '../tenancy.errors';
import { SpaceAction, effectiveSpaceRole, spaceAllows } from './space-access.policy';
import { SpaceDto } from './space.dto';
import { SpacesRepository } from './spaces.repository';

/** The one gate to a space: other modules (datasources, sync jobs) call it before touching anything inside. */
@Injectable()
export class SpaceAccessService {
  constructor(
    private readonly spaces: SpacesRepository,
    private readonly cache: CacheStore,
  ) {}

  /** One entry per space whatever the spelling of its id: the pipe accepts a UUID in capitals, MariaDB finds the row either way. */
  static cacheKey(tenantId: string, spaceId: string): string {
    return `space:${tenantId}:${spaceId.toLowerCase()}`;
  }

  /**
   * The space, when this process holds it and the caller may `read` it without asking the database (a
   * tenant owner or admin); undefined otherwise, and `require` decides.
   */
  peek(caller: AuthUser, spaceId: string): CacheRead<SpaceDto> | undefined {
    if (!spaceAllows(effectiveSpaceRole(caller.role, null), 'read')) return undefined;
    const read = this.cache.peek<SpaceDto>(SpaceAccessService.cacheKey(caller.tenantId, spaceId));
    return read && read.value.tenantId === caller.tenantId ? read : undefined;
  }

  /** The space if the caller may do `action` in it: 404 when invisible to them, 403 when visible but not allowed. */
  async require(caller: AuthUser, spaceId: string, action: SpaceAction): Promise<CacheRead<SpaceDto>> {
    const read = await this.cache.getOrLoad(SpaceAccessService.cacheKey(caller.tenantId, spaceId), async () => {
      const entity = await this.spaces.findInTenant(caller.tenantId, spaceId);
      return entity ? SpaceDto.from(entity) : null;
    });
    // The cache key carries the tenant, and the check below repeats it: a cached object never crosses tenants.
    if (!read || read.value.tenantId !== caller.tenantId) throw spaceNotFound(spaceId);
    const membership =
      caller.role === 'owner' || caller.role === 'admin' ? null : await this.spaces.membershipRole(caller.tenantId, spaceId, caller.userId);
    const role = effectiveSpaceRole(caller.role, membership);
    if (!spaceAllows(role, 'read')) throw spaceNotFound(spaceId);
    if (!spaceAllows(role, action))
      throw new TenancyException(TenancyErrorCode.Forbidden, `Your role in this space (${role}) does not allow ${action}`);
    return read;
  }
}
