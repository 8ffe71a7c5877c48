import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { Cache } from 'cache-manager';
import { Counter, register } from 'prom-client';
import { cacheConfig } from './config/cache.config';

export type CacheStatus = 'HIT' | 'MISS';

/** A value and whether it came from the cache, so a controller can say `X-Cache: HIT|MISS`. */
export interface CacheRead<T> {
  value: T;
  status: CacheStatus;
}

const TIMED_OUT = Symbol('timed-out');

const reads =
  (register.getSingleMetric('switchyard_cache_reads_total') as Counter | undefined) ??
  new Counter({ name: 'switchyard_cache_reads_total', help: 'Read-through cache reads by result', labelNames: ['result'] });

/**
 * Read-through cache over cache-manager (a Keyv store: Redis, or in-process in the embedded profile).
 * The cache is an optimisation: when it fails or is slow, reads fall through to the source with a
 * warning and writes are skipped, never turning into a 500.
 */
@Injectable()
export class CacheStore {
  private readonly logger = new Logger(CacheStore.name);

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(cacheConfig.factory.KEY) private readonly config: ConfigType<typeof cacheConfig.factory>,
  ) {}

  async getOrLoad<T>(key: string, load: () => Promise<T | null>, ttlSeconds = this.config.ttlSeconds): Promise<CacheRead<T> | null> {
    const cached = await this.attempt('get', key, () => this.cache.get<T>(key));
    if (cached !== undefined && cached !== null) {
      reads.inc({ result: 'hit' });
      return { value: cached, status: 'HIT' };
    }
    reads.inc({ result: 'miss' });
    const loaded = await load();
    if (loaded === null) return null;
    await this.attempt('set', key, () => this.cache.set(key, loaded, ttlSeconds * 1000));
    return { value: loaded, status: 'MISS' };
  }

  async evict(key: string): Promise<void> {
    await this.attempt('delete', key, () => this.cache.del(key));
  }

  private async attempt<T>(operation: string, key: string, work: () => Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>(
      (resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), this.config.operationTimeoutMs)),
    );
    try {
      const result = await Promise.race([work(), timeout]);
      if (result !== TIMED_OUT) return result;
      this.logger.warn({ key, operation }, `Cache ${operation} timed out after ${this.config.operationTimeoutMs} ms; using the database`);
    } catch (error) {
      this.logger.warn({ key, operation, reason: (error as Error).message }, `Cache ${operation} failed; using the database`);
    } finally {
      clearTimeout(timer);
    }
    return undefined;
  }
}
