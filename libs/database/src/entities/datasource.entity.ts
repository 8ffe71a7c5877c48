import { SpaceEntity } from './space.entity';
import { TenantEntity } from './tenant.entity';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const DATASOURCE_TYPES = ['mysql', 'mariadb', 'postgresql', 'oracle', 'sqlserver', 'clickhouse', 'hive', 'doris'] as const;
export type DatasourceType = (typeof DATASOURCE_TYPES)[number];

/** Driver settings beyond host and port (e.g. `useSSL`, `connectTimeout`): one flat level of scalars. */
export type DatasourceOptions = Record<string, string | number | boolean>;

@Entity({ name: 'datasources' })
@Index('uq_datasources_space_name', ['spaceId', 'name'], { unique: true })
@Index('ix_datasources_tenant_space_created', ['tenantId', 'spaceId', 'createdAt', 'id'])
export class DatasourceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_datasources_tenant' })
  tenant?: TenantEntity;

  @Column({ name: 'space_id', type: 'varchar', length: 36 })
  spaceId!: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'fk_datasources_space' })
  space?: SpaceEntity;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: DatasourceType;

  @Column({ type: 'varchar', length: 253 })
  host!: string;

  @Column({ type: 'int' })
  port!: number;

  @Column({ name: 'database_name', type: 'varchar', length: 128 })
  databaseName!: string;

  @Column({ type: 'varchar', length: 128 })
  username!: string;

  // AES-256-GCM output and the id of the key that made it; both empty when the datasource has no password.
  // Empty rather than NULL: TypeORM's MySQL driver misreads MariaDB's NULL defaults and would see schema drift.
  @Column({ name: 'password_ciphertext', type: 'text' })
  passwordCiphertext!: string;

  @Column({ name: 'password_key_id', type: 'varchar', length: 32 })
  passwordKeyId!: string;

  // simple-json is TEXT on MySQL and SQLite alike, so both profiles share one column definition.
  @Column({ type: 'simple-json' })
  options!: DatasourceOptions;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
