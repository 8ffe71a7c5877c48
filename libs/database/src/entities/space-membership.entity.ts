import { SpaceEntity } from './space.entity';
import { UserEntity } from './user.entity';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

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

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'fk_space_memberships_space' })
  space?: SpaceEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_space_memberships_user' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 16 })
  role!: SpaceRole;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
