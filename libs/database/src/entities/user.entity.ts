import { TenantEntity } from './tenant.entity';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const TENANT_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/**
 * What a username may be. ASCII only: the column's collation compares case-, accent- and width-insensitively,
 * so a wider alphabet would let look-alike spellings name one account.
 */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;

@Entity({ name: 'users' })
@Index('uq_users_tenant_username', ['tenantId', 'username'], { unique: true })
@Index('ix_users_tenant_created', ['tenantId', 'createdAt', 'id'])
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_users_tenant' })
  tenant?: TenantEntity;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: TenantRole;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
