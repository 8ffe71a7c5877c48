/** A lock held by one node at a time; TTL bounded so a crashed node cannot hold it forever. */
export abstract class JobLock {
  /** True when this node got the lock. */
  abstract tryAcquire(key: string, ttlMs: number): Promise<boolean>;
  abstract release(key: string): Promise<void>;
}
