/** A unit of scheduled work; any module provides one, and configuration (SCHEDULER_JOBS) says when it runs. */
export abstract class ScheduledJob {
  abstract readonly name: string;
  abstract run(): Promise<void>;
}
