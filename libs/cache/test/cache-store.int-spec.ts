import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { SwitchyardConfigModule } from '@switchyard/config';
import { MetricsRegistryModule } from '@switchyard/observability';
import { RedisModule, redisConfig } from '@switchyard/redis';
import { eventually } from '../../../test/support/poll';
import { TEST_REDIS_URL, runId } from '../../../test/support/test-environment';
import { SwitchyardCacheModule } from '../src/cache.module';
import { CacheStore } from '../src/cache.store';
import { cacheConfig } from '../src/config/cache.config';

/** The same expectations of the cache for the Redis store and the in-process one. */
function cacheStoreContract(name: string, environment: Record<string, string | undefined>): void {
  describe(name, () => {
    let store: CacheStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      for (const [key, value] of Object.entries(environment)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      const module = await Test.createTestingModule({
        imports: [SwitchyardConfigModule.forRoot([redisConfig, cacheConfig]), MetricsRegistryModule, RedisModule, SwitchyardCacheModule],
      }).compile();
      await module.init();
      store = module.get(CacheStore);
      close = () => module.close();
    });

    afterAll(() => close());

    it('should load on a miss and answer the next read from the cache', async () => {
      let loads = 0;
      const load = async () => ({ value: ++loads });

      const first = await store.getOrLoad(`${name}:a`, load);
      const second = await store.getOrLoad(`${name}:a`, load);

      expect([first?.status, second?.status]).toEqual(['MISS', 'HIT']);
      expect(second?.value).toEqual({ value: 1 });
      expect(second?.json).toBe(first?.json);
    });

    it('should not cache a missing value', async () => {
      const read = await store.getOrLoad(`${name}:missing`, async () => null);

      expect(read).toBeNull();
    });

    it('should stop returning an entry once its time to live has passed', async () => {
      let loads = 0;
      await store.getOrLoad(`${name}:ttl`, async () => ({ value: ++loads }), 1);

      await eventually(async () => (await store.getOrLoad(`${name}:ttl`, async () => ({ value: ++loads }), 1))?.status === 'MISS', {
        message: 'the entry to expire',
        timeoutMs: 5_000,
      });
    });

    it('should reload after an eviction', async () => {
      await store.getOrLoad(`${name}:evict`, async () => ({ value: 1 }));

      await store.evict(`${name}:evict`);
      const after = await store.getOrLoad(`${name}:evict`, async () => ({ value: 2 }));

      expect(after).toEqual({ status: 'MISS', value: { value: 2 }, json: '{"value":2}' });
    });
  });
}

async function startNode(environment: Record<string, string>): Promise<{ store: CacheStore; close: () => Promise<void> }> {
  Object.assign(process.env, environment);
  const module = await Test.createTestingModule({
    imports: [SwitchyardConfigModule.forRoot([redisConfig, cacheConfig]), MetricsRegistryModule, RedisModule, SwitchyardCacheModule],
  }).compile();
  await module.init();
  return { store: module.get(CacheStore), close: () => module.close() };
}

describe('CacheStore across nodes', () => {
  const environment = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `${runId()}:cache-nodes`, CACHE_LOCAL_TTL_MS: '60000' };
  let nodeA: Awaited<ReturnType<typeof startNode>>;
  let nodeB: Awaited<ReturnType<typeof startNode>>;

  beforeAll(async () => {
    nodeA = await startNode(environment);
    nodeB = await startNode(environment);
  });

  afterAll(async () => {
    await nodeA.close();
    await nodeB.close();
  });

  it('should answer repeated reads from the local tier with the same frozen value', async () => {
    await nodeA.store.getOrLoad('local:a', async () => ({ nested: { value: 1 } }));

    const first = await nodeA.store.getOrLoad('local:a', async () => ({ nested: { value: 2 } }));
    const second = await nodeA.store.getOrLoad('local:a', async () => ({ nested: { value: 3 } }));

    expect(second?.value).toBe(first?.value);
    expect(Object.isFrozen((second?.value as { nested: object }).nested)).toBe(true);
  });

  it('should treat a value it cannot parse as a miss and replace it', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    await redis.set(`${environment.REDIS_KEY_PREFIX}:cache:v2:broken`, '{"value":', 'PX', 60_000);

    const read = await nodeA.store.getOrLoad('broken', async () => ({ fresh: true }));
    const stored = await redis.get(`${environment.REDIS_KEY_PREFIX}:cache:v2:broken`);
    redis.disconnect();

    expect(read).toMatchObject({ status: 'MISS', value: { fresh: true } });
    expect(stored).toBe('{"fresh":true}');
  });

  it("should drop an entry from every node's local tier when one node evicts it", async () => {
    let version = 1;
    const load = async () => ({ version });
    await nodeA.store.getOrLoad('shared:space', load);
    const cachedOnB = await nodeB.store.getOrLoad('shared:space', load);

    version = 2;
    await nodeA.store.evict('shared:space');

    expect(cachedOnB?.value).toEqual({ version: 1 });
    await eventually(async () => (await nodeB.store.getOrLoad('shared:space', load))?.value.version === 2, {
      message: 'node B to forget its local copy',
    });
  });
});

describe('CacheStore contract', () => {
  cacheStoreContract('in-process', { REDIS_URL: undefined });
  // A local tier that outlives every entry: the contract (expiry included) must still hold through it.
  cacheStoreContract('redis', { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `${runId()}:cache-contract`, CACHE_LOCAL_TTL_MS: '60000' });
});
