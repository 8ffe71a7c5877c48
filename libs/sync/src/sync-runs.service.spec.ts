import { Clock } from '@switchyard/common';
import { SyncJobEntity, SyncRunEntity } from '@switchyard/database';
import { DatasourceService } from '@switchyard/datasource';
import { SeaTunnelClient, SyncTask } from '@switchyard/jvm-bridge';
import { RealtimePublisher } from '@switchyard/realtime';
import { SpaceAccessService } from '@switchyard/tenancy';
import { SyncJobsService } from './sync-jobs.service';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncRunsService } from './sync-runs.service';

const job = { id: 'job-1', tenantId: 't-1', spaceId: 's-1', name: 'copy', tableMapping: [] } as unknown as SyncJobEntity;
const task: SyncTask = {
  id: 'task-1',
  status: 'RUNNING',
  rowsRead: 0,
  rowsWritten: 0,
  error: '',
  startedAtMs: 1,
  finishedAtMs: 0,
} as SyncTask;

/** The service over in-memory rows, a SeaTunnel that accepts or refuses, and a push that fails. */
function service(submit: () => Promise<SyncTask>) {
  const rows = new Map<string, SyncRunEntity>();
  const runs = {
    createOnce: async (input: Partial<SyncRunEntity>) => {
      const run = { ...input, id: 'run-1', status: 'pending', taskId: '', error: '', createdAtMs: 0 } as SyncRunEntity;
      rows.set(run.id, run);
      return { run, created: true };
    },
    update: async (id: string, changes: Partial<SyncRunEntity>) => {
      const run = { ...rows.get(id)!, ...changes } as SyncRunEntity;
      rows.set(id, run);
      return run;
    },
    delete: async (id: string) => void rows.delete(id),
  } as unknown as SyncRunsRepository;
  const datasources = { connectionOf: async () => 'mysql://db:3306/x' } as unknown as DatasourceService;
  const realtime = { publish: () => Promise.reject(new Error('redis is away')) } as unknown as RealtimePublisher;
  const sut = new SyncRunsService(
    runs,
    {} as SyncJobsService,
    datasources,
    {} as SpaceAccessService,
    { submit } as unknown as SeaTunnelClient,
    realtime,
    new Clock(),
  );
  return { sut, rows };
}

describe(SyncRunsService.name, () => {
  it('should keep a submitted run and answer it when pushing its status fails', async () => {
    const { sut, rows } = service(async () => task);

    const run = await sut.startScheduled(job, new Date(0));

    expect(run).toMatchObject({ id: 'run-1', status: 'running' });
    expect([...rows.keys()]).toEqual(['run-1']);
  });

  it('should forget the run when SeaTunnel refused it, so a retry submits again', async () => {
    const { sut, rows } = service(() => Promise.reject(new Error('UNAVAILABLE')));

    await expect(sut.startScheduled(job, new Date(0))).rejects.toThrow('UNAVAILABLE');
    expect(rows.size).toBe(0);
  });
});
