import { Injectable } from '@nestjs/common';
import { SessionService } from '@switchyard/auth';
import { CacheStore } from '@switchyard/cache';
import { TenantRole } from '@switchyard/database';
import { SpaceAccessService } from '../spaces/space-access.service';
import { UsersRepository } from '../users/users.repository';

/** A write legacy committed for a caller of `tenantId` (the shape of `LegacyWrite` in the routing gateway). */
export interface FollowedWrite {
  method: string;
  path: string;
  tenantId: string;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const SPACE_PATH = new RegExp(`^/api/v1/spaces/(${UUID})(?:/|$)`);
const USER_PATH = new RegExp(`^/api/v1/users/(${UUID})(/sessions)?/?$`);

/**
 * What a spaces or users write served by legacy means for the state Switchyard keeps beside the shared
 * database (design.md D54): the cached copy of a changed space goes on every node; a role changed by legacy
 * reaches the user's sessions as Switchyard's own change does, and sessions ended there end here too.
 * Ids come from a path legacy accepted, and are used only within the caller's tenant.
 */
@Injectable()
export class TenancyLegacyWrites {
  constructor(
    private readonly cache: CacheStore,
    private readonly users: UsersRepository,
    private readonly sessions: SessionService,
  ) {}

  async follow(write: FollowedWrite): Promise<void> {
    const space = SPACE_PATH.exec(write.path);
    if (space) return this.cache.evict(SpaceAccessService.cacheKey(write.tenantId, space[1]));
    const user = USER_PATH.exec(write.path);
    if (!user) return;
    const target = await this.users.findInTenant(write.tenantId, user[1].toLowerCase());
    if (!target) return;
    if (user[2] && write.method === 'DELETE') await this.sessions.revokeAllForUser(target.id);
    else if (!user[2] && write.method === 'PATCH') await this.sessions.changeRoleForUser(target.id, target.role as TenantRole);
  }
}
