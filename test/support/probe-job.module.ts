import { Injectable, Module } from '@nestjs/common';
import { ScheduledJob } from '@switchyard/scheduler';

/** When the probe job ran, across every app in this test process. */
export const probeJobRuns: number[] = [];

@Injectable()
class ProbeJob extends ScheduledJob {
  readonly name = 'probe-tick';

  async run(): Promise<void> {
    probeJobRuns.push(Date.now());
  }
}

@Module({ providers: [ProbeJob] })
export class ProbeJobModule {}
