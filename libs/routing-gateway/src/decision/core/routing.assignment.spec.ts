import { KillSwitchRegistry, tenantScope } from './kill-switch.registry';
import { FeatureToggle, RoutingDocument, emptyRoutingDocument } from '../../document/core/routing-document.model';
import { assignTenants, previewRouting } from './routing.assignment';

const TENANTS = [
  { id: 'id-acme', slug: 'acme' },
  { id: 'id-globex', slug: 'globex' },
  { id: 'id-initech', slug: 'initech' },
];

function feature(overrides: Partial<FeatureToggle> = {}): FeatureToggle {
  return {
    key: 'spaces-api',
    enabled: true,
    tenants: { allow: ['acme'], deny: [] },
    spaces: { allow: [], deny: [] },
    percentage: 0,
    stickBy: 'tenant',
    salt: 'spaces-api',
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

describe('routing assignment', () => {
  describe('assignTenants', () => {
    it('should send allowed tenants to the rule target and everyone else to legacy, with the reason', () => {
      const sut = assignTenants(documentWith(feature()), TENANTS);

      expect(sut).toEqual([
        expect.objectContaining({ feature: 'spaces-api', ruleTargets: ['new'], counts: { new: 1, legacy: 2, shadow: 0 } }),
      ]);
      expect(sut[0]!.tenants.map((tenant) => [tenant.slug, tenant.target, tenant.reason])).toEqual([
        ['acme', 'new', 'tenant-allowed'],
        ['globex', 'legacy', 'percentage-out'],
        ['initech', 'legacy', 'percentage-out'],
      ]);
    });

    it('should keep a tenant whose kill switch is off on legacy', () => {
      const killSwitches = new KillSwitchRegistry();
      killSwitches.switchOff({ feature: 'spaces-api', scope: tenantScope('id-acme'), reason: 'incident', at: 0 });

      const sut = assignTenants(documentWith(feature(), 'shadow'), TENANTS, killSwitches);

      expect(sut[0]!.tenants[0]).toMatchObject({ slug: 'acme', target: 'legacy', reason: 'kill-switch' });
    });
  });

  describe('previewRouting', () => {
    it('should list the tenants a change moves and count them per feature and side', () => {
      const current = documentWith(feature());
      const proposed = documentWith(feature({ tenants: { allow: ['acme', 'globex', 'id-initech'], deny: [] } }));

      const sut = previewRouting(current, proposed, TENANTS);

      expect(sut.moves.map((move) => [move.slug, move.from, move.to])).toEqual([
        ['globex', 'legacy', 'new'],
        ['initech', 'legacy', 'new'],
      ]);
      expect(sut.summary).toEqual([{ feature: 'spaces-api', to: 'new', count: 2 }]);
    });

    it('should count a new feature as moving tenants off legacy and an unchanged document as moving no one', () => {
      const current = emptyRoutingDocument();
      const proposed = documentWith(feature({ percentage: 100 }));

      expect(previewRouting(current, proposed, TENANTS).summary).toEqual([{ feature: 'spaces-api', to: 'new', count: 3 }]);
      expect(previewRouting(proposed, proposed, TENANTS)).toEqual({ moves: [], summary: [] });
    });
  });
});
