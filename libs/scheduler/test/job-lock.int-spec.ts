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

const connect = (url = TEST_REDIS_URL) =>
  new RedisConnection({ url, keyPrefix: `${runId()}:locks`, connectTimeoutMs: 2_000 }, new MetricsRegistry());

describe('JobLock contract', () => {
  jobLockContract('Redis, three nodes', async () => {
    const connections = [0, 1, 2].map(() => connect());
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

describe(RedisJobLock.name, () => {
  const connections: RedisConnection[] = [];
  const node = async () => {
    const connection = connect();
    connections.push(connection);
    await connection.onModuleInit();
    return { connection, lock: new RedisJobLock(connection) };
  };

  afterAll(() => Promise.all(connections.map((connection) => connection.onApplicationShutdown())));

  describe('tryAcquire', () => {
    it('should write the lock under the configured key prefix, expiring after the TTL', async () => {
      const { connection, lock } = await node();

      await lock.tryAcquire('tick:report:100', 5_000);

      // Any key of this run naming the tick, wherever the library might have put it.
      const written = await connection.client.keys(`*${runId()}*tick:report:100`);
      const ttl = await connection.client.pttl(connection.key('lock', 'tick:report:100'));
      expect(written).toEqual([connection.key('lock', 'tick:report:100')]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5_000);
    });

    it('should answer false, not throw, while Redis is away', async () => {
      const connection = connect();
      await connection.onModuleInit();
      // Closed, not merely unreachable: no reconnect timer outlives the test.
      await connection.onApplicationShutdown();
      const lock = new RedisJobLock(connection);

      const acquired = await lock.tryAcquire('tick:report:101', 5_000);

      expect(acquired).toBe(false);
    });
  });

  describe('release', () => {
    it('should not free the key for a node whose claim expired and was taken by another', async () => {
      const [first, second, third] = await Promise.all([node(), node(), node()]);
      await first.lock.tryAcquire('running:report', 5_000);
      // What expiry does, without waiting for it.
      await first.connection.client.del(first.connection.key('lock', 'running:report'));
      const secondTook = await second.lock.tryAcquire('running:report', 5_000);

      await first.lock.release('running:report');
      const thirdTook = await third.lock.tryAcquire('running:report', 5_000);

      expect([secondTook, thirdTook]).toEqual([true, false]);
    });
  });
});
