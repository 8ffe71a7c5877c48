import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Who changed routing, or which automatic rollback switched a feature off, and when. */
@Entity({ name: 'routing_audit' })
@Index('ix_routing_audit_created', ['createdAt'])
export class RoutingAuditEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  action!: string;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  // Empty rather than NULL when not about one feature or scope: TypeORM's mysql driver misreads MariaDB's NULL defaults.
  @Column({ type: 'varchar', length: 100, default: '' })
  feature!: string;

  @Column({ type: 'varchar', length: 120, default: '' })
  scope!: string;

  @Column({ type: 'text' })
  details!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
