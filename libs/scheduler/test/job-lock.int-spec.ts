import { MetricsRegistry } from '@switchyard/observability';
import { Clock } from '@switchyard/common';
import { RedisConnection } from '@switchyard/redis';
import { TEST_REDIS_URL, runId } from '../../../test/support/test-environment';
import { JobLock } from '../src/lock/job.lock';
import { MemoryJobLock } from '../src/lock/memory-job.lock';
import { RedisJobLock } from '../src/lock/redis-job.lock';

/** The lock contract under contention: of all nodes racing for one key, exactly one wins. */
function jobLockContract(name: string, createNodes: () => Promise<{ locks: JobLock[]; close: () => Promise<void> }>): void {
  describe(name, () => {
    let locks: JobLock[];
    let close: () => Promise<void>;

    beforeAll(async () => ({ locks, close } = await createNodes()));
    afterAll(() => close());

    it('should let exactly one of the racing nodes take each key', async () => {
      const keys = Array.from({ length: 25 }, (_, index) => `race-${name}-${index}`);

      const winners = await Promise.all(
        keys.map(async (key) => (await Promise.all(locks.map((lock) => lock.tryAcquire(key, 5_000)))).filter(Boolean).length),
      );

      expect(winners).toEqual(keys.map(() => 1));
    });

    it('should let the key be taken again once it is released', async () => {
      const [first, second] = locks as [JobLock, JobLock];
      await first.tryAcquire(`release-${name}`, 5_000);

      const whileHeld = await second.tryAcquire(`release-${name}`, 5_000);
      await first.release(`release-${name}`);
      const afterRelease = await second.tryAcquire(`release-${name}`, 5_000);

      expect([whileHeld, afterRelease]).toEqual([false, true]);
    });
  });
}

describe('JobLock contract', () => {
  jobLockContract('redlock on ioredis, three nodes', async () => {
    const connections = [0, 1, 2].map(
      () => new RedisConnection({ url: TEST_REDIS_URL, keyPrefix: `${runId()}:locks`, connectTimeoutMs: 2_000 }, new MetricsRegistry()),
    );
    await Promise.all(connections.map((connection) => connection.onModuleInit()));
    return {
      locks: connections.map((connection) => new RedisJobLock(connection)),
      close: async () => void (await Promise.all(connections.map((connection) => connection.onApplicationShutdown()))),
    };
  });

  jobLockContract('in-process', async () => {
    const lock = new MemoryJobLock(new Clock());
    return { locks: [lock, lock], close: async () => undefined };
  });
});
