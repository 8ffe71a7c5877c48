import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Every applied routing document, versioned, with who applied it and why. */
@Entity({ name: 'routing_rule_sets' })
export class RoutingRuleSetEntity {
  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  document!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
