export type SyncRunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A sync run as other capabilities (the platform gRPC API) may see it. */
export interface SyncRunView {
  id: string;
  jobId: string;
  spaceId: string;
  status: SyncRunStatus;
  rowsRead: number;
  rowsWritten: number;
  error: string;
}

/** The port through which other modules read sync runs; the sync module implements it. */
export abstract class SyncRunReader {
  abstract findRun(tenantId: string, runId: string): Promise<SyncRunView | null>;
}
