import { Injectable } from '@nestjs/common';
import { SyncRunReader, SyncRunView } from './sync-run.reader';
import { SyncRunsRepository } from './sync-runs.repository';

@Injectable()
export class DatabaseSyncRunReader extends SyncRunReader {
  constructor(private readonly runs: SyncRunsRepository) {
    super();
  }

  async findRun(tenantId: string, runId: string): Promise<SyncRunView | null> {
    const run = await this.runs.findInTenant(tenantId, runId);
    return run
      ? {
          id: run.id,
          jobId: run.jobId,
          spaceId: run.spaceId,
          status: run.status,
          rowsRead: run.rowsRead,
          rowsWritten: run.rowsWritten,
          error: run.error,
        }
      : null;
  }
}
