import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { ValidationArguments, registerDecorator } from 'class-validator';
import { CronTime, validateCronExpression } from 'cron';

export interface JobSchedule {
  name: string;
  cron: string;
  enabled: boolean;
  lockTtlMs: number;
  /** IANA zone the expression is read in (`Europe/Berlin`); unset: the process's zone. */
  timeZone?: string;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Every problem of the job list, each naming the job, so start-up says exactly what to fix. */
export function jobScheduleProblems(raw: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return ['must be a JSON array of {name, cron, enabled?, lockTtlMs?, timeZone?}'];
  }
  if (!Array.isArray(parsed)) return ['must be a JSON array of {name, cron, enabled?, lockTtlMs?, timeZone?}'];
  return parsed.flatMap((job: Partial<JobSchedule>, index) => {
    const label = typeof job?.name === 'string' ? `job "${job.name}"` : `job #${index}`;
    const problems: string[] = [];
    if (typeof job?.name !== 'string' || !NAME.test(job.name)) problems.push(`${label}: name must be a lowercase slug`);
    const cron = typeof job?.cron === 'string' ? validateCronExpression(job.cron) : { valid: false };
    if (!cron.valid) problems.push(`${label}: cron "${String(job?.cron)}" is not a valid cron expression`);
    if (job?.enabled !== undefined && typeof job.enabled !== 'boolean') problems.push(`${label}: enabled must be true or false`);
    if (job?.lockTtlMs !== undefined && (!Number.isInteger(job.lockTtlMs) || job.lockTtlMs < 100))
      problems.push(`${label}: lockTtlMs must be an integer >= 100`);
    if (job?.timeZone !== undefined && !isTimeZone(job.timeZone))
      problems.push(`${label}: timeZone "${String(job.timeZone)}" is not an IANA time zone`);
    return problems;
  });
}

function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false;
  try {
    new CronTime('* * * * *', value);
    return true;
  } catch {
    return false;
  }
}

function ValidJobSchedules(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'validJobSchedules',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && jobScheduleProblems(value).length === 0,
        defaultMessage: (args?: ValidationArguments) => jobScheduleProblems(String(args?.value)).join('; '),
      },
    });
}

class SchedulerEnvironment extends BaseEnvironment {
  @ValidJobSchedules()
  SCHEDULER_JOBS: string = '[]';
}

export const schedulerConfig = defineConfig('scheduler', SchedulerEnvironment, (environment) => ({
  jobs: (JSON.parse(environment.SCHEDULER_JOBS) as Array<Partial<JobSchedule>>).map((job): JobSchedule => ({
    name: job.name!,
    cron: job.cron!,
    enabled: job.enabled ?? true,
    lockTtlMs: job.lockTtlMs ?? 60_000,
    timeZone: job.timeZone,
  })),
}));
