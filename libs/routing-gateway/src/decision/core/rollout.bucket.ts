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

/**
 * Buckets are below 100, so 100% takes everyone and 0% no one. Monotonic by construction: an id in at p%
 * is in at every higher percentage, so a ramp only adds ids.
 */
export function isBucketInRollout(bucket: number, percentage: number): boolean {
  return bucket < percentage;
}
