import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const SPACE_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type SpaceRole = (typeof SPACE_ROLES)[number];

@Entity({ name: 'space_memberships' })
@Index('ix_space_memberships_user', ['tenantId', 'userId'])
export class SpaceMembershipEntity {
  @PrimaryColumn({ name: 'space_id', type: 'varchar', length: 36 })
  spaceId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: SpaceRole;

  @CreateDateColumn({ name: 'created_at', precision: 3 })
  createdAt!: Date;
}
