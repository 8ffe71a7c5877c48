import { Injectable } from '@nestjs/common';
import { AuthUser } from '@switchyard/auth';
import { SyncJobEntity } from '@switchyard/database';
import { DatasourceService } from '@switchyard/datasource';
import { SpaceAccessService } from '@switchyard/tenancy';
import { CreateSyncJobDto, SyncJobDto } from './sync.dto';
import { SyncErrorCode, SyncException } from './sync.errors';
import { SyncJobsRepository } from './sync-jobs.repository';

const LIST_LIMIT = 100;

@Injectable()
export class SyncJobsService {
  constructor(
    private readonly jobs: SyncJobsRepository,
    private readonly access: SpaceAccessService,
    private readonly datasources: DatasourceService,
  ) {}

  /** Both datasources must belong to this space: another space's (or tenant's) is 404, like everything else. */
  async create(caller: AuthUser, spaceId: string, input: CreateSyncJobDto): Promise<SyncJobDto> {
    await this.access.require(caller, spaceId, 'write');
    await this.datasources.get(caller, spaceId, input.sourceDatasourceId);
    await this.datasources.get(caller, spaceId, input.targetDatasourceId);
    const created = await this.jobs.create({
      tenantId: caller.tenantId,
      spaceId,
      name: input.name,
      sourceDatasourceId: input.sourceDatasourceId,
      targetDatasourceId: input.targetDatasourceId,
      tableMapping: input.tableMapping,
      cron: input.cron ?? '',
      createdBy: caller.userId,
    });
    if (!created)
      throw new SyncException(SyncErrorCode.JobNameTaken, `A sync job named "${input.name}" already exists in this space`, [
        { field: 'name', reason: 'name is already taken' },
      ]);
    return SyncJobDto.from(created);
  }

  async list(caller: AuthUser, spaceId: string): Promise<SyncJobDto[]> {
    await this.access.require(caller, spaceId, 'read');
    return (await this.jobs.listInSpace(caller.tenantId, spaceId, LIST_LIMIT)).map(SyncJobDto.from);
  }

  async get(caller: AuthUser, spaceId: string, id: string): Promise<SyncJobDto> {
    return SyncJobDto.from(await this.require(caller, spaceId, id, 'read'));
  }

  async require(caller: AuthUser, spaceId: string, id: string, action: 'read' | 'write'): Promise<SyncJobEntity> {
    await this.access.require(caller, spaceId, action);
    const job = await this.jobs.findInSpace(caller.tenantId, spaceId, id);
    if (!job) throw new SyncException(SyncErrorCode.JobNotFound, `Sync job ${id} not found`);
    return job;
  }
}
