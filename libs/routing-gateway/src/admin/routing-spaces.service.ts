import { Injectable } from '@nestjs/common';
import { RoutingException } from '../routing.errors';
import { SpaceAssignments, assignSpaces } from '../decision/core/space.assignment';
import { RoutingSpacesRepository } from './routing-spaces.repository';
import { decodeSpaceCursor, encodeSpaceCursor } from './space-page.cursor';
import { RoutingState } from '../document/routing.state';

/** One page of a tenant's spaces with each feature's side: a tenant can have too many spaces for one answer. */
export interface TenantSpacesOverview extends SpaceAssignments {
  version: number;
  nextCursor: string | null;
  total: number;
}

@Injectable()
export class RoutingSpacesService {
  constructor(
    private readonly state: RoutingState,
    private readonly repository: RoutingSpacesRepository,
  ) {}

  async spacesOf(tenantId: string, limit: number, cursor?: string): Promise<TenantSpacesOverview> {
    const afterName = decodeSpaceCursor(cursor);
    const tenant = await this.repository.findTenant(tenantId);
    if (!tenant) throw RoutingException.unknownTenant(tenantId);
    // One row more than the page tells whether another page follows.
    const [rows, total] = await Promise.all([
      this.repository.listSpaces(tenant.id, limit + 1, afterName),
      this.repository.countSpaces(tenant.id),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const { document, killSwitches, meta } = this.state;
    return {
      version: meta.version,
      ...assignSpaces(document, tenant, page, killSwitches),
      nextCursor: rows.length > limit && last ? encodeSpaceCursor(last.name) : null,
      total,
    };
  }
}
