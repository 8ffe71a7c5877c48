import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { SpaceEntity } from './space.entity';

export type TableMapping = Record<string, string>;

/** A definition of what to copy: source and target datasources of one space, and their tables. */
@Entity({ name: 'sync_jobs' })
@Index('uq_sync_jobs_space_name', ['spaceId', 'name'], { unique: true })
@Index('ix_sync_jobs_tenant_space_created', ['tenantId', 'spaceId', 'createdAt', 'id'])
export class SyncJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ name: 'space_id', type: 'varchar', length: 36 })
  spaceId!: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'fk_sync_jobs_space' })
  space?: SpaceEntity;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ name: 'source_datasource_id', type: 'varchar', length: 36 })
  sourceDatasourceId!: string;

  @Column({ name: 'target_datasource_id', type: 'varchar', length: 36 })
  targetDatasourceId!: string;

  @Column({ name: 'table_mapping', type: 'simple-json' })
  tableMapping!: TableMapping;

  @Column({ type: 'varchar', length: 100, default: '' })
  cron!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
