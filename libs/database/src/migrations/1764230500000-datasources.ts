import { MigrationInterface, QueryRunner } from 'typeorm';

/** Datasources of a space: connection definitions whose password is stored encrypted, never in clear. */
export class Datasources1764230500000 implements MigrationInterface {
  name = 'Datasources1764230500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE datasources (
      id VARCHAR(36) NOT NULL,
      tenant_id VARCHAR(36) NOT NULL,
      space_id VARCHAR(36) NOT NULL,
      name VARCHAR(120) NOT NULL,
      type VARCHAR(16) NOT NULL,
      host VARCHAR(253) NOT NULL,
      port INT NOT NULL,
      database_name VARCHAR(128) NOT NULL,
      username VARCHAR(128) NOT NULL,
      password_ciphertext TEXT NOT NULL,
      password_key_id VARCHAR(32) NOT NULL,
      options TEXT NOT NULL,
      created_by VARCHAR(36) NOT NULL,
      created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      PRIMARY KEY (id),
      UNIQUE KEY uq_datasources_space_name (space_id, name),
      KEY ix_datasources_tenant_space_created (tenant_id, space_id, created_at, id),
      CONSTRAINT fk_datasources_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE ON UPDATE NO ACTION,
      CONSTRAINT fk_datasources_space FOREIGN KEY (space_id) REFERENCES spaces (id) ON DELETE CASCADE ON UPDATE NO ACTION
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE datasources');
  }
}
