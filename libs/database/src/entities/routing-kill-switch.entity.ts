import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A feature switched off for a scope (by an operator or the rollback monitor): the state every node converges to. */
@Entity({ name: 'routing_kill_switches' })
export class RoutingKillSwitchEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  feature!: string;

  @PrimaryColumn({ type: 'varchar', length: 120 })
  scope!: string;

  @Column({ type: 'varchar', length: 200 })
  reason!: string;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  /** When it was switched off, epoch milliseconds as the registry keeps it. */
  @Column({
    name: 'switched_at',
    type: 'bigint',
    transformer: { to: (value: number) => value, from: (value: string | number) => Number(value) },
  })
  switchedAt!: number;
}
