import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '@switchyard/common';
import { SyncJobEntity } from '@switchyard/database';
import { DatasourceModule } from '@switchyard/datasource';
import { RealtimeModule } from '@switchyard/realtime';
import { TenancyModule } from '@switchyard/tenancy';
import { DatabaseSyncRunReader } from './database-sync-run.reader';
import { SyncRunReader } from './sync-run.reader';
import { SyncJobTriggerJob, SyncRunPollerJob } from './sync-scheduled.jobs';
import { SyncJobsController } from './sync-jobs.controller';
import { SyncJobsRepository } from './sync-jobs.repository';
import { SyncJobsService } from './sync-jobs.service';
import { SyncRunsController } from './sync-runs.controller';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncRunsService } from './sync-runs.service';

@Module({
  imports: [TypeOrmModule.forFeature([SyncJobEntity]), TenancyModule, DatasourceModule, RealtimeModule],
  controllers: [SyncJobsController, SyncRunsController],
  providers: [
    Clock,
    SyncJobsRepository,
    SyncRunsRepository,
    SyncJobsService,
    SyncRunsService,
    SyncRunPollerJob,
    SyncJobTriggerJob,
    { provide: SyncRunReader, useClass: DatabaseSyncRunReader },
  ],
  exports: [SyncRunReader, SyncRunsService],
})
export class SyncModule {}
