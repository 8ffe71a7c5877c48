import { randomBytes } from 'node:crypto';

/** Gives the run its own name: databases `<id>_*` and Redis keys `<id>:*`, removed by the teardown. */
export default async function globalSetup(): Promise<void> {
  process.env.SWITCHYARD_TEST_RUN_ID ??= `swytest_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  process.env.NODE_ENV = 'test';
}
