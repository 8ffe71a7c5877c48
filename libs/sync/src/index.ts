export { SyncRunReader, SyncRunView, SyncRunStatus } from './sync-run.reader';
