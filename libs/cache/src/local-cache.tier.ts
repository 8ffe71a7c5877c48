import { LRUCache } from 'lru-cache';

interface LocalEntry {
  value: unknown;
  json: string;
}

/**
 * The first tier in front of Redis: recently read entries kept in this process for a short time,
 * parsed and frozen, so a hot read costs neither a round trip nor a JSON parse. Other nodes' changes
 * arrive as evictions over the event bus; the short lifetime bounds staleness if one is lost.
 */
export class LocalCacheTier {
  private readonly entries?: LRUCache<string, LocalEntry>;

  constructor(
    private readonly ttlMs: number,
    maxEntries: number,
  ) {
    if (ttlMs > 0) this.entries = new LRUCache<string, LocalEntry>({ max: maxEntries, ttl: ttlMs, ttlAutopurge: false });
  }

  get enabled(): boolean {
    return this.entries !== undefined;
  }

  get<T>(key: string): { value: T; json: string } | undefined {
    return this.entries?.get(key) as { value: T; json: string } | undefined;
  }

  /** Kept at most `ttlMs`, and never longer than the entry itself lives (`entryTtlMs`). */
  set(key: string, value: unknown, json: string, entryTtlMs: number): void {
    this.entries?.set(key, { value: deepFreeze(value), json }, { ttl: Math.min(this.ttlMs, entryTtlMs) });
  }

  delete(key: string): void {
    this.entries?.delete(key);
  }
}

/** Shared entries must not be changed by one caller under another's feet. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}
