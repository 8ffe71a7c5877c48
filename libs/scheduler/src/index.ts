export { SchedulerModule } from './scheduler.module';
export { SchedulerService, TickOutcome } from './scheduler.service';
export { ScheduledJob } from './scheduled-job';
export { schedulerConfig, JobSchedule, jobScheduleProblems } from './config/scheduler.config';
export { JobLock } from './lock/job.lock';
