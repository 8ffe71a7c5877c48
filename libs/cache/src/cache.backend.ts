/** Where cached JSON lives: Redis (shared by every node) or this process (the embedded profile). */
export abstract class CacheBackend {
  /** The stored JSON text, or undefined when absent or expired. Rejects when the store cannot answer. */
  abstract get(key: string): Promise<string | undefined>;
  abstract set(key: string, json: string, ttlMs: number): Promise<void>;
  abstract delete(key: string): Promise<void>;
}
