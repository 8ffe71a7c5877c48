import { bucketOf, isBucketInRollout, stickyBucketOf } from './rollout.bucket';

describe(bucketOf.name, () => {
  // Pinned values: a change here would move every tenant between new and legacy.
  it.each([
    ['spaces-api-v1', 'acme', 12.34],
    ['spaces-api-v1', 'tenant-1', 67.26],
    ['salt', 'id', 71.35],
    ['spaces-api-v1', '00000000-0000-4000-8000-000000000001', 97.02],
  ])('should put salt %j and id %j in bucket %d', (salt, id, expected) => {
    const bucket = bucketOf(salt, id);

    expect(bucket).toBe(expected);
  });

  it('should stay in [0, 100) with at most two decimals', () => {
    const buckets = Array.from({ length: 2_000 }, (_, index) => bucketOf('range', `tenant-${index}`));

    expect(buckets.every((bucket) => bucket >= 0 && bucket < 100)).toBe(true);
    expect(
      buckets.every((bucket) => Number.isInteger(Math.round(bucket * 100)) && Math.abs(bucket * 100 - Math.round(bucket * 100)) < 1e-9),
    ).toBe(true);
  });

  it('should give another bucket under another salt', () => {
    const ids = Array.from({ length: 100 }, (_, index) => `tenant-${index}`);

    const moved = ids.filter((id) => bucketOf('salt-a', id) !== bucketOf('salt-b', id));

    expect(moved.length).toBeGreaterThan(90);
  });
});

describe('a bucket in the rollout', () => {
  it.each([
    [0, 'acme', false],
    [12, 'acme', false],
    [12.34, 'acme', false],
    [13, 'acme', true],
    [100, 'acme', true],
  ])('should put acme (bucket 12.34) in at %d%%: %s', (percentage, id, expected) => {
    const included = isBucketInRollout(bucketOf('spaces-api-v1', id), percentage);

    expect(included).toBe(expected);
  });
});

describe(isBucketInRollout.name, () => {
  it.each([
    [0, 0, false],
    [0, 0.01, true],
    [99.99, 100, true],
    [99.99, 99.99, false],
    [50, 50, false],
  ])('should say bucket %d is in at %d%%: %s', (bucket, percentage, expected) => {
    const included = isBucketInRollout(bucket, percentage);

    expect(included).toBe(expected);
  });
});

describe(stickyBucketOf.name, () => {
  it('should give the bucket bucketOf gives, for ids first seen, seen again, and seen after the memory started afresh', () => {
    const ids = Array.from({ length: 12_000 }, (_, index) => `tenant-${index}`);

    const first = ids.map((id) => stickyBucketOf('memo', id));
    const again = ids.map((id) => stickyBucketOf('memo', id));

    const expected = ids.map((id) => bucketOf('memo', id));
    expect(first).toEqual(expected);
    expect(again).toEqual(expected);
  });

  it('should keep salts apart', () => {
    const moved = Array.from({ length: 200 }, (_, index) => `space-${index}`).filter(
      (id) => stickyBucketOf('salt-a', id) !== stickyBucketOf('salt-b', id),
    );

    expect(moved.length).toBeGreaterThan(190);
    expect(moved.every((id) => stickyBucketOf('salt-b', id) === bucketOf('salt-b', id))).toBe(true);
  });
});
