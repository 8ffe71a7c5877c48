import { MigrationInterface, QueryRunner } from 'typeorm';

/** Versioned routing documents and the audit trail of routing changes and automatic rollbacks. */
export class Routing1764230600000 implements MigrationInterface {
  name = 'Routing1764230600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE routing_rule_sets (
      version INT NOT NULL,
      document TEXT NOT NULL,
      created_by VARCHAR(200) NOT NULL,
      reason VARCHAR(500) NOT NULL,
      created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      PRIMARY KEY (version)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`CREATE TABLE routing_audit (
      id VARCHAR(36) NOT NULL,
      action VARCHAR(40) NOT NULL,
      actor VARCHAR(200) NOT NULL,
      feature VARCHAR(100) NOT NULL DEFAULT '',
      scope VARCHAR(120) NOT NULL DEFAULT '',
      details TEXT NOT NULL,
      created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      PRIMARY KEY (id),
      KEY ix_routing_audit_created (created_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE routing_audit');
    await queryRunner.query('DROP TABLE routing_rule_sets');
  }
}
