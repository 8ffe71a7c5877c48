import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { Clock } from '@switchyard/common';
import { RedisConnection, redisConfig } from '@switchyard/redis';
import { JobLock } from './lock/job.lock';
import { MemoryJobLock } from './lock/memory-job.lock';
import { RedisJobLock } from './lock/redis-job.lock';
import { SchedulerService } from './scheduler.service';

@Module({
  imports: [ScheduleModule.forRoot(), DiscoveryModule],
  providers: [
    Clock,
    // Picked once: a Redis lock across nodes, or a process-local one when single-node.
    {
      provide: JobLock,
      inject: [redisConfig.factory.KEY, RedisConnection, Clock],
      useFactory: (redis: ConfigType<typeof redisConfig.factory>, connection: RedisConnection, clock: Clock) =>
        redis.url ? new RedisJobLock(connection) : new MemoryJobLock(clock),
    },
    SchedulerService,
  ],
  exports: [SchedulerService],
})
export class SchedulerModule {}
