import { KillSwitchRegistry, spaceScope } from './kill-switch.registry';
import { FeatureToggle, RoutingDocument, emptyRoutingDocument } from '../../document/core/routing-document.model';
import { bucketOf, isBucketInRollout } from './rollout.bucket';
import { assignSpaces } from './space.assignment';

const TENANT = { id: 'id-acme', slug: 'acme' };
const SPACES = Array.from({ length: 40 }, (_, index) => ({ id: `space-${index}`, name: `Space ${index}` }));

function feature(overrides: Partial<FeatureToggle> = {}): FeatureToggle {
  return {
    key: 'spaces-api',
    enabled: true,
    tenants: { allow: [], deny: [] },
    spaces: { allow: [], deny: [] },
    percentage: 0,
    stickBy: 'space',
    salt: 'spaces-api-v1',
    ...overrides,
  };
}

function documentWith(toggle: FeatureToggle, target: 'new' | 'shadow' = 'new'): RoutingDocument {
  return {
    ...emptyRoutingDocument(),
    features: [toggle],
    rules: [{ match: { pathPrefix: '/api/v1/spaces', methods: ['GET'] }, feature: toggle.key, target, fallback: 'off', timeoutMs: 5_000 }],
  };
}

const sidesOf = (result: ReturnType<typeof assignSpaces>) =>
  result.spaces.map((space) => [space.id, space.sides[0]?.target, space.sides[0]?.reason]);

describe('assignSpaces', () => {
  it('should send allow-listed spaces to the rule target and deny-listed ones to legacy, deny first', () => {
    const toggle = feature({ spaces: { allow: ['space-0', 'space-1'], deny: ['space-1'] } });

    const sut = assignSpaces(documentWith(toggle, 'shadow'), TENANT, SPACES.slice(0, 3));

    expect(sidesOf(sut)).toEqual([
      ['space-0', 'shadow', 'space-allowed'],
      ['space-1', 'legacy', 'space-denied'],
      ['space-2', 'legacy', 'percentage-out'],
    ]);
    expect(sut.features).toEqual([{ feature: 'spaces-api', enabled: true, percentage: 0, stickBy: 'space', ruleTargets: ['shadow'] }]);
  });

  it('should bucket each space by its own id when the feature sticks by space, with the bucket the gateway uses', () => {
    const toggle = feature({ percentage: 50 });

    const sut = assignSpaces(documentWith(toggle), TENANT, SPACES);

    for (const space of sut.spaces) {
      const bucket = bucketOf('spaces-api-v1', space.id);
      const on = isBucketInRollout(bucket, 50);
      expect(space.sides[0]).toEqual({
        feature: 'spaces-api',
        target: on ? 'new' : 'legacy',
        reason: on ? 'percentage-in' : 'percentage-out',
        bucket,
      });
    }
    expect(new Set(sut.spaces.map((space) => space.sides[0]?.target))).toEqual(new Set(['new', 'legacy']));
  });

  it("should put every space of a tenant on the tenant's bucket when the feature sticks by tenant", () => {
    const toggle = feature({ percentage: 50, stickBy: 'tenant' });

    const sut = assignSpaces(documentWith(toggle), TENANT, SPACES);

    const buckets = new Set(sut.spaces.map((space) => space.sides[0]?.bucket));
    expect(buckets).toEqual(new Set([bucketOf('spaces-api-v1', TENANT.id)]));
  });

  it('should keep a space whose kill switch is on, and no other, on legacy', () => {
    const killSwitches = new KillSwitchRegistry();
    killSwitches.switchOff({ feature: 'spaces-api', scope: spaceScope('space-1'), reason: 'incident', at: 0 });
    const toggle = feature({ tenants: { allow: ['acme'], deny: [] } });

    const sut = assignSpaces(documentWith(toggle), TENANT, SPACES.slice(0, 2), killSwitches);

    expect(sidesOf(sut)).toEqual([
      ['space-0', 'new', 'tenant-allowed'],
      ['space-1', 'legacy', 'kill-switch'],
    ]);
  });
});
