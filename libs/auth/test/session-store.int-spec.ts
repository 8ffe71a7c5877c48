import { MetricsRegistry } from '@switchyard/observability';
import { Clock } from '@switchyard/common';
import { RedisConnection } from '@switchyard/redis';
import { eventually } from '../../../test/support/poll';
import { TEST_REDIS_URL, runId } from '../../../test/support/test-environment';
import { MemorySessionStore } from '../src/session/memory-session.store';
import { RedisSessionStore } from '../src/session/redis-session.store';
import { Session } from '../src/session/session';
import { SessionStore } from '../src/session/session.store';

const session = (id: string): Session => ({
  id,
  userId: 'u-1',
  tenantId: 't-1',
  username: 'alice',
  role: 'member',
  nonce: 'nonce',
  generation: 0,
  rotatedAt: 1,
  createdAt: 1,
  absoluteExpiresAt: 9_999_999_999_999,
});

/** One contract, two implementations: what auth relies on holds for Redis and for process memory. */
function sessionStoreContract(name: string, create: () => Promise<{ store: SessionStore; close: () => Promise<void> }>): void {
  describe(name, () => {
    let store: SessionStore;
    let close: () => Promise<void>;

    beforeAll(async () => ({ store, close } = await create()));
    afterAll(() => close());

    it('should return what was stored, numbers as numbers', async () => {
      await store.create(session('00000000-0000-4000-8000-000000000001'), 60_000);

      await expect(store.get('00000000-0000-4000-8000-000000000001')).resolves.toEqual(session('00000000-0000-4000-8000-000000000001'));
    });

    it('should let exactly one of two concurrent advances win', async () => {
      await store.create(session('00000000-0000-4000-8000-000000000002'), 60_000);

      const results = await Promise.all([
        store.advance('00000000-0000-4000-8000-000000000002', 0, 5, 60_000),
        store.advance('00000000-0000-4000-8000-000000000002', 0, 6, 60_000),
      ]);

      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.get('00000000-0000-4000-8000-000000000002'))?.generation).toBe(1);
    });

    it('should forget a deleted session', async () => {
      await store.create(session('00000000-0000-4000-8000-000000000003'), 60_000);

      await store.delete('00000000-0000-4000-8000-000000000003');

      await expect(store.get('00000000-0000-4000-8000-000000000003')).resolves.toBeNull();
    });

    it('should expire a session after its time to live', async () => {
      await store.create(session('00000000-0000-4000-8000-000000000004'), 150);

      await eventually(async () => (await store.get('00000000-0000-4000-8000-000000000004')) === null, {
        message: 'the session to expire',
        timeoutMs: 5_000,
      });
    });
  });
}

describe('SessionStore contract', () => {
  sessionStoreContract(MemorySessionStore.name, async () => ({ store: new MemorySessionStore(new Clock()), close: async () => undefined }));

  sessionStoreContract(RedisSessionStore.name, async () => {
    const connection = new RedisConnection(
      { url: TEST_REDIS_URL, keyPrefix: `${runId()}:contract`, connectTimeoutMs: 2_000 },
      new MetricsRegistry(),
    );
    await connection.onModuleInit();
    return { store: new RedisSessionStore(connection), close: () => connection.onApplicationShutdown() };
  });
});
