import { LRUCache } from 'lru-cache';
import { CacheBackend } from './cache.backend';

/** The embedded profile's cache: least recently used entries go first past `maxEntries`. */
export class MemoryCacheBackend extends CacheBackend {
  private readonly entries: LRUCache<string, string>;

  constructor(maxEntries: number) {
    super();
    this.entries = new LRUCache<string, string>({ max: maxEntries, ttlAutopurge: false });
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, json: string, ttlMs: number): Promise<void> {
    this.entries.set(key, json, { ttl: ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
