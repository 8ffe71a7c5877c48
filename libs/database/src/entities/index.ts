import { DatasourceEntity } from './datasource.entity';
import { RoutingAuditEntity } from './routing-audit.entity';
import { RoutingKillSwitchEntity } from './routing-kill-switch.entity';
import { RoutingRuleSetEntity } from './routing-rule-set.entity';
import { SpaceMembershipEntity } from './space-membership.entity';
import { SyncJobEntity } from './sync-job.entity';
import { SyncRunEntity } from './sync-run.entity';
import { SpaceEntity } from './space.entity';
import { TenantEntity } from './tenant.entity';
import { UserEntity } from './user.entity';

export { DatasourceEntity, DATASOURCE_TYPES, DatasourceOptions, DatasourceType } from './datasource.entity';
export { RoutingAuditEntity } from './routing-audit.entity';
export { RoutingKillSwitchEntity } from './routing-kill-switch.entity';
export { RoutingRuleSetEntity } from './routing-rule-set.entity';
export { SpaceMembershipEntity, SPACE_ROLES, SpaceRole } from './space-membership.entity';
export { SpaceEntity } from './space.entity';
export { SyncJobEntity, TableMapping } from './sync-job.entity';
export { SyncRunEntity, SYNC_RUN_STATUSES, SyncRunStatusValue } from './sync-run.entity';
export { TenantEntity, TENANT_SLUG_PATTERN } from './tenant.entity';
export { UserEntity, TENANT_ROLES, TenantRole, USERNAME_PATTERN } from './user.entity';

export const ENTITIES = [
  TenantEntity,
  UserEntity,
  SpaceEntity,
  SpaceMembershipEntity,
  DatasourceEntity,
  RoutingRuleSetEntity,
  RoutingAuditEntity,
  RoutingKillSwitchEntity,
  SyncJobEntity,
  SyncRunEntity,
];
