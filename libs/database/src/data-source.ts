import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseConfig } from './config/database.config';
import { buildDataSourceOptions } from './data-source.options';

/** For the TypeORM CLI (`npm run migration:generate`); needs DATABASE_URL. */
export default new DataSource(buildDataSourceOptions(databaseConfig.factory()));
