export { SyncRunReader, SyncRunView, SyncRunStatus } from './sync-run.reader';
export { SyncModule } from './sync.module';
export { SyncRunsService } from './sync-runs.service';
export { SYNC_STATS_SQL } from './sync-runs.repository';
export { CreateSyncJobDto, SyncJobDto, SyncRunDto, SyncStatsDto } from './sync.dto';
