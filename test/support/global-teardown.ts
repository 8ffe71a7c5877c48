import Redis from 'ioredis';
import { dropDatabasesOfRun } from './databases';
import { TEST_REDIS_URL } from './test-environment';

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Drops every database and Redis key this run created, whatever the tests left behind. */
export default async function globalTeardown(): Promise<void> {
  const id = process.env.SWITCHYARD_TEST_RUN_ID;
  if (!id) return;
  await dropDatabasesOfRun(id);
  await deleteRedisKeys(`${id}:`);
}
