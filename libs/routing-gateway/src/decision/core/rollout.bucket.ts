import { createHash } from 'node:crypto';

const RESOLUTION = 10_000;

/**
 * A stable bucket in [0, 100) with two decimals: sha256 of `salt:id`, first 4 bytes big-endian,
 * modulo 10 000. Only the hash and integer arithmetic are involved, so every process and Node version
 * agrees, and a tenant never flips between requests or nodes.
 */
export function bucketOf(salt: string, id: string): number {
  const digest = createHash('sha256').update(`${salt}:${id}`, 'utf8').digest();
  return (digest.readUInt32BE(0) % RESOLUTION) / 100;
}

const REMEMBERED_IDS = 10_000;
const REMEMBERED_SALTS = 100;
const remembered = new Map<string, Map<string, number>>();

/**
 * bucketOf, remembered per salt and id (up to 10,000 ids per salt, then started afresh): a percentage rollout
 * consults it on every request of its feature, and a sha256 per request is the largest part of the decision.
 */
export function stickyBucketOf(salt: string, id: string): number {
  let byId = remembered.get(salt);
  if (byId === undefined) {
    if (remembered.size >= REMEMBERED_SALTS) remembered.clear();
    remembered.set(salt, (byId = new Map()));
  }
  let bucket = byId.get(id);
  if (bucket === undefined) {
    if (byId.size >= REMEMBERED_IDS) byId.clear();
    bucket = bucketOf(salt, id);
    byId.set(id, bucket);
  }
  return bucket;
}

/**
 * Buckets are below 100, so 100% takes everyone and 0% no one. Monotonic by construction: an id in at p%
 * is in at every higher percentage, so a ramp only adds ids.
 */
export function isBucketInRollout(bucket: number, percentage: number): boolean {
  return bucket < percentage;
}
