import { MigrationInterface, QueryRunner } from 'typeorm';

/** Kill switches outlive the node that tripped them: every node loads them at start and reconciles with them (issue 11). */
export class RoutingKillSwitches1764230800000 implements MigrationInterface {
  name = 'RoutingKillSwitches1764230800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE routing_kill_switches (
      feature VARCHAR(100) NOT NULL,
      scope VARCHAR(120) NOT NULL,
      reason VARCHAR(200) NOT NULL,
      actor VARCHAR(200) NOT NULL,
      switched_at BIGINT NOT NULL,
      PRIMARY KEY (feature, scope)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE routing_kill_switches');
  }
}
