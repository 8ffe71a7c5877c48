export { DatabaseModule } from './database.module';
export { databaseConfig, DatabaseConfig } from './config/database.config';
export { buildDataSourceOptions } from './data-source.options';
export { runMigrationsLocked } from './database.migrator';
export { SchemaMismatchError } from './schema/schema.check';
export * from './entities';
export { isUniqueViolation } from './database.errors';
