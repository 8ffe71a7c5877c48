import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { SyncJobEntity, isUniqueViolation } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';

@Injectable()
export class SyncJobsRepository {
  constructor(@InjectRepository(SyncJobEntity) private readonly jobs: Repository<SyncJobEntity>) {}

  /** Null when the name is taken in the space. */
  async create(job: Omit<SyncJobEntity, 'id' | 'createdAt' | 'updatedAt' | 'space'>): Promise<SyncJobEntity | null> {
    const id = randomUUID();
    try {
      await this.jobs.insert({ ...job, id, createdAt: new Date() });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    return this.jobs.findOneByOrFail({ id });
  }

  findInSpace(tenantId: string, spaceId: string, id: string): Promise<SyncJobEntity | null> {
    return this.jobs.findOneBy({ tenantId, spaceId, id });
  }

  listInSpace(tenantId: string, spaceId: string, limit: number): Promise<SyncJobEntity[]> {
    return this.jobs.find({ where: { tenantId, spaceId }, order: { createdAt: 'ASC', id: 'ASC' }, take: limit });
  }

  /** Every job with a schedule, of every tenant: what the scheduled trigger looks at. */
  listScheduled(): Promise<SyncJobEntity[]> {
    return this.jobs.createQueryBuilder('job').where("job.cron <> ''").getMany();
  }
}
