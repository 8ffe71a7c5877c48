import { DatasourceEntity } from './datasource.entity';
import { RoutingAuditEntity } from './routing-audit.entity';
import { RoutingRuleSetEntity } from './routing-rule-set.entity';
import { SpaceMembershipEntity } from './space-membership.entity';
import { SpaceEntity } from './space.entity';
import { TenantEntity } from './tenant.entity';
import { UserEntity } from './user.entity';

export { DatasourceEntity, DATASOURCE_TYPES, DatasourceOptions, DatasourceType } from './datasource.entity';
export { RoutingAuditEntity } from './routing-audit.entity';
export { RoutingRuleSetEntity } from './routing-rule-set.entity';
export { SpaceMembershipEntity, SPACE_ROLES, SpaceRole } from './space-membership.entity';
export { SpaceEntity } from './space.entity';
export { TenantEntity } from './tenant.entity';
export { UserEntity, TENANT_ROLES, TenantRole } from './user.entity';

export const ENTITIES = [
  TenantEntity,
  UserEntity,
  SpaceEntity,
  SpaceMembershipEntity,
  DatasourceEntity,
  RoutingRuleSetEntity,
  RoutingAuditEntity,
];
