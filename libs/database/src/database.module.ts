import { Global, Logger, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from './config/database.config';
import { buildDataSourceOptions } from './data-source.options';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { DatabaseMigrator } from './database.migrator';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.factory.KEY],
      useFactory: (config: ConfigType<typeof databaseConfig.factory>) => {
        const logger = new Logger('Database');
        if (config.kind === 'sqlite') logger.log(`Embedded profile: SQLite at ${config.path} (single node only)`);
        else logger.log(`MySQL profile: pool of ${config.poolSize} connections`);
        return { ...buildDataSourceOptions(config), retryAttempts: 3, retryDelay: 1000 };
      },
    }),
  ],
  providers: [DatabaseMigrator, DatabasePoolMetrics],
})
export class DatabaseModule {}
