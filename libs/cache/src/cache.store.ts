import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { MetricsRegistry } from '@switchyard/observability';
import { EventBus } from '@switchyard/redis';
import { CacheBackend } from './cache.backend';
import { cacheConfig } from './config/cache.config';
import { LocalCacheTier } from './local-cache.tier';

export type CacheStatus = 'HIT' | 'MISS';

/** A value, its JSON text (what a response sends as is), and whether it came from the cache (`X-Cache`). */
export interface CacheRead<T> {
  value: T;
  json: string;
  status: CacheStatus;
}

/** The event bus channel on which evictions reach every node's local tier. */
export const CACHE_EVICTIONS_CHANNEL = 'cache';

/** One warning per operation in this period while the cache keeps failing; the rest are counted into it. */
const WARN_EVERY_MS = 10_000;

/**
 * Read-through cache of JSON values in two tiers: this process (short-lived, see LocalCacheTier) and
 * the backend (Redis, shared by every node). The cache is an optimisation: when it fails or is slow,
 * reads fall through to the source with a (rate-limited) warning and writes are skipped, never a 500.
 */
@Injectable()
export class CacheStore {
  private readonly logger = new Logger(CacheStore.name);
  private readonly warnings = new Map<string, { at: number; suppressed: number }>();
  // Bound once: a read counts without hashing its labels.
  private readonly hits;
  private readonly misses;

  constructor(
    private readonly backend: CacheBackend,
    private readonly local: LocalCacheTier,
    private readonly bus: EventBus,
    @Inject(cacheConfig.factory.KEY) private readonly config: ConfigType<typeof cacheConfig.factory>,
    metrics: MetricsRegistry,
  ) {
    const reads = metrics.counter('switchyard_cache_reads_total', 'Read-through cache reads by result', ['result']);
    this.hits = reads.labels({ result: 'hit' });
    this.misses = reads.labels({ result: 'miss' });
  }

  async getOrLoad<T>(key: string, load: () => Promise<T | null>, ttlSeconds = this.config.ttlSeconds): Promise<CacheRead<T> | null> {
    const near = this.peek<T>(key);
    if (near) return near;
    const json = await this.attempt('get', key, () => this.backend.get(key));
    const value = json === undefined ? undefined : this.parse<T>(key, json);
    if (json !== undefined && value !== undefined) {
      this.hits.inc();
      this.local.set(key, value, json, ttlSeconds * 1000);
      return { value, json, status: 'HIT' };
    }
    this.misses.inc();
    const loaded = await load();
    if (loaded === null) return null;
    const text = JSON.stringify(loaded);
    await this.attempt('set', key, () => this.backend.set(key, text, ttlSeconds * 1000));
    return { value: loaded, json: text, status: 'MISS' };
  }

  /** The entry when this process holds it (no I/O, counted as a hit), or undefined. */
  peek<T>(key: string): CacheRead<T> | undefined {
    const near = this.local.get<T>(key);
    if (!near) return undefined;
    this.hits.inc();
    return { value: near.value, json: near.json, status: 'HIT' };
  }

  /** Removes the entry here, in the backend, and (through the event bus) from every node's local tier. */
  async evict(key: string): Promise<void> {
    this.local.delete(key);
    await this.attempt('delete', key, () => this.backend.delete(key));
    if (this.local.enabled) await this.attempt('publish', key, () => this.bus.publish(CACHE_EVICTIONS_CHANNEL, { key }));
  }

  /** An eviction made on another node (or this one) arrived over the event bus. */
  forgetLocally(key: string): void {
    this.local.delete(key);
  }

  /** What the cache holds is never trusted to parse: anything else is a miss, and is replaced on load. */
  private parse<T>(key: string, json: string): T | undefined {
    try {
      return JSON.parse(json) as T;
    } catch (error) {
      this.warn('parse', key, error as Error);
      return undefined;
    }
  }

  private async attempt<T>(operation: string, key: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.warn(operation, key, error as Error);
      return undefined;
    }
  }

  private warn(operation: string, key: string, error: Error): void {
    const now = Date.now();
    const last = this.warnings.get(operation);
    if (last && now - last.at < WARN_EVERY_MS) {
      last.suppressed += 1;
      return;
    }
    this.warnings.set(operation, { at: now, suppressed: 0 });
    const timedOut = /timed? ?out/i.test(error.message);
    this.logger.warn(
      { key, operation, reason: error.message, suppressedSinceLastWarning: last?.suppressed ?? 0 },
      `Cache ${operation} ${timedOut ? 'timed out' : 'failed'}; using the database`,
    );
  }
}
