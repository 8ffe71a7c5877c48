import { KillSwitchRegistry, tenantScope, ALL_SCOPE, spaceScope } from './kill-switch.registry';
import { bucketOf } from './rollout.bucket';
import { FeatureToggle, RouteRule, RoutingDocument, emptyRoutingDocument } from '../../document/core/routing-document.model';
import { parseRoutingText } from '../../document/core/routing-document.parser';
import { RoutingRequest, decideRoute, evaluateFeature, findMatchingRule, routeKeyOf } from './routing.decision';

const SALT = 'spaces-api-v1';
const ACME = { id: 't-acme', slug: 'acme' };
const GLOBEX = { id: 't-globex', slug: 'globex' };

function feature(overrides: Partial<FeatureToggle> = {}): FeatureToggle {
  return {
    key: 'spaces-api',
    enabled: true,
    tenants: { allow: [], deny: [] },
    spaces: { allow: [], deny: [] },
    percentage: 0,
    stickBy: 'tenant',
    salt: SALT,
    ...overrides,
  };
}

function rule(overrides: Partial<RouteRule> = {}): RouteRule {
  return {
    match: { pathPrefix: '/api/v1/spaces', methods: ['GET', 'POST', 'PATCH', 'DELETE'] },
    feature: 'spaces-api',
    target: 'new',
    fallback: 'safe',
    timeoutMs: 5_000,
    ...overrides,
  };
}

function documentWith(features: FeatureToggle[], rules: RouteRule[], defaultTarget: 'new' | 'legacy' = 'legacy'): RoutingDocument {
  return { ...emptyRoutingDocument(), default: defaultTarget, features, rules };
}

function request(overrides: Partial<RoutingRequest> = {}): RoutingRequest {
  return { method: 'GET', path: '/api/v1/spaces', tenant: ACME, ...overrides };
}

const spacePatternRule = rule({ match: { pathPattern: '/api/v1/spaces/:spaceId/**', methods: ['GET'] } });

describe(decideRoute.name, () => {
  describe('target and reason', () => {
    interface DecisionCase {
      name: string;
      features: FeatureToggle[];
      rules: RouteRule[];
      input: RoutingRequest;
      defaultTarget?: 'new' | 'legacy';
      expected: { target: string; reason: string };
    }

    it.each<DecisionCase>([
      {
        name: 'no rule, default legacy',
        features: [feature()],
        rules: [rule()],
        input: request({ path: '/api/v1/reports' }),
        expected: { target: 'legacy', reason: 'no-rule' },
      },
      {
        name: 'never-proxied auth path under a catch-all rule',
        features: [feature({ percentage: 100 })],
        rules: [rule({ match: { pathPrefix: '/', methods: ['GET'] }, target: 'legacy' })],
        input: request({ path: '/api/v1/auth/login' }),
        expected: { target: 'new', reason: 'never-proxied' },
      },
      {
        name: 'never-proxied admin path',
        features: [],
        rules: [],
        input: request({ path: '/api/v1/admin/routing' }),
        expected: { target: 'new', reason: 'never-proxied' },
      },
      {
        name: 'never-proxied health path',
        features: [],
        rules: [],
        input: request({ path: '/health/ready' }),
        expected: { target: 'new', reason: 'never-proxied' },
      },
      {
        name: 'never-proxied metrics',
        features: [],
        rules: [],
        input: request({ path: '/metrics' }),
        expected: { target: 'new', reason: 'never-proxied' },
      },
      {
        name: 'never-proxied docs',
        features: [],
        rules: [],
        input: request({ path: '/docs' }),
        expected: { target: 'new', reason: 'never-proxied' },
      },
      {
        name: 'dot segments cannot hide a never-proxied path',
        features: [feature({ percentage: 100 })],
        rules: [rule({ target: 'legacy' })],
        input: request({ path: '/api/v1/spaces/%2e%2e/admin/x' }),
        expected: { target: 'new', reason: 'never-proxied' },
      },
      {
        name: 'feature disabled even for an allowed tenant',
        features: [feature({ enabled: false, tenants: { allow: ['acme'], deny: [] } })],
        rules: [rule()],
        input: request(),
        expected: { target: 'legacy', reason: 'feature-disabled' },
      },
      {
        name: 'feature missing from a hand-built document',
        features: [],
        rules: [rule()],
        input: request(),
        expected: { target: 'legacy', reason: 'feature-unknown' },
      },
      {
        name: 'tenant allowed by slug',
        features: [feature({ tenants: { allow: ['acme'], deny: [] } })],
        rules: [rule()],
        input: request(),
        expected: { target: 'new', reason: 'tenant-allowed' },
      },
      {
        name: 'tenant allowed by id',
        features: [feature({ tenants: { allow: ['t-acme'], deny: [] } })],
        rules: [rule()],
        input: request(),
        expected: { target: 'new', reason: 'tenant-allowed' },
      },
      {
        name: 'another tenant not on the allow list',
        features: [feature({ tenants: { allow: ['acme'], deny: [] } })],
        rules: [rule()],
        input: request({ tenant: GLOBEX }),
        expected: { target: 'legacy', reason: 'percentage-out' },
      },
      {
        name: 'tenant deny by slug beats allow by id',
        features: [feature({ tenants: { allow: ['t-acme'], deny: ['acme'] } })],
        rules: [rule()],
        input: request(),
        expected: { target: 'legacy', reason: 'tenant-denied' },
      },
      {
        name: 'tenant deny by id beats percentage 100',
        features: [feature({ tenants: { allow: [], deny: ['t-acme'] }, percentage: 100 })],
        rules: [rule()],
        input: request(),
        expected: { target: 'legacy', reason: 'tenant-denied' },
      },
      {
        name: 'space deny beats tenant allow',
        features: [feature({ tenants: { allow: ['acme'], deny: [] }, spaces: { allow: [], deny: ['s-1'] } })],
        rules: [rule()],
        input: request({ spaceId: 's-1' }),
        expected: { target: 'legacy', reason: 'space-denied' },
      },
      {
        name: 'space deny beats space allow',
        features: [feature({ spaces: { allow: ['s-1'], deny: ['s-1'] } })],
        rules: [rule()],
        input: request({ spaceId: 's-1' }),
        expected: { target: 'legacy', reason: 'space-denied' },
      },
      {
        name: 'space allowed',
        features: [feature({ spaces: { allow: ['s-1'], deny: [] } })],
        rules: [rule()],
        input: request({ spaceId: 's-1' }),
        expected: { target: 'new', reason: 'space-allowed' },
      },
      {
        name: 'space allowed without a tenant',
        features: [feature({ spaces: { allow: ['s-1'], deny: [] } })],
        rules: [rule()],
        input: request({ spaceId: 's-1', tenant: undefined }),
        expected: { target: 'new', reason: 'space-allowed' },
      },
      {
        name: 'space allowed from the path parameter',
        features: [feature({ spaces: { allow: ['s-9'], deny: [] } })],
        rules: [spacePatternRule],
        input: request({ path: '/api/v1/spaces/s-9/jobs' }),
        expected: { target: 'new', reason: 'space-allowed' },
      },
      {
        name: 'path parameter wins over X-Space-Id',
        features: [feature({ spaces: { allow: [], deny: ['s-9'] } })],
        rules: [spacePatternRule],
        input: request({ path: '/api/v1/spaces/s-9/jobs', spaceId: 's-1' }),
        expected: { target: 'legacy', reason: 'space-denied' },
      },
      {
        name: 'tenant allow beats percentage 0',
        features: [feature({ tenants: { allow: ['acme'], deny: [] }, percentage: 0 })],
        rules: [rule()],
        input: request(),
        expected: { target: 'new', reason: 'tenant-allowed' },
      },
      {
        name: 'percentage 0',
        features: [feature({ percentage: 0 })],
        rules: [rule()],
        input: request(),
        expected: { target: 'legacy', reason: 'percentage-out' },
      },
      {
        name: 'percentage 100',
        features: [feature({ percentage: 100 })],
        rules: [rule()],
        input: request(),
        expected: { target: 'new', reason: 'percentage-in' },
      },
      {
        name: 'no tenant under stickBy tenant',
        features: [feature({ percentage: 100 })],
        rules: [rule()],
        input: request({ tenant: undefined }),
        expected: { target: 'legacy', reason: 'no-identity' },
      },
      {
        name: 'empty tenant id under stickBy tenant',
        features: [feature({ percentage: 100 })],
        rules: [rule()],
        input: request({ tenant: { id: '' } }),
        expected: { target: 'legacy', reason: 'no-identity' },
      },
      {
        name: 'no space under stickBy space',
        features: [feature({ percentage: 100, stickBy: 'space' })],
        rules: [rule()],
        input: request(),
        expected: { target: 'legacy', reason: 'no-identity' },
      },
      {
        name: 'empty X-Space-Id under stickBy space',
        features: [feature({ percentage: 100, stickBy: 'space' })],
        rules: [rule()],
        input: request({ spaceId: '' }),
        expected: { target: 'legacy', reason: 'no-identity' },
      },
      {
        name: 'stickBy space with X-Space-Id',
        features: [feature({ percentage: 100, stickBy: 'space' })],
        rules: [rule()],
        input: request({ spaceId: 's-1', tenant: undefined }),
        expected: { target: 'new', reason: 'percentage-in' },
      },
      {
        name: 'stickBy space with the path parameter',
        features: [feature({ percentage: 100, stickBy: 'space' })],
        rules: [spacePatternRule],
        input: request({ path: '/api/v1/spaces/s-1', tenant: undefined }),
        expected: { target: 'new', reason: 'percentage-in' },
      },
      {
        name: 'no identity with percentage 0',
        features: [feature()],
        rules: [rule()],
        input: request({ tenant: undefined }),
        expected: { target: 'legacy', reason: 'percentage-out' },
      },
      {
        name: 'method not listed on the rule',
        features: [feature({ percentage: 100 })],
        rules: [rule()],
        input: request({ method: 'PUT' }),
        expected: { target: 'legacy', reason: 'no-rule' },
      },
      {
        name: 'method not listed, default new',
        features: [feature({ percentage: 100 })],
        rules: [rule()],
        input: request({ method: 'PUT' }),
        defaultTarget: 'new',
        expected: { target: 'new', reason: 'no-rule' },
      },
      {
        name: 'HEAD follows a rule listing GET',
        features: [feature({ percentage: 100 })],
        rules: [rule()],
        input: request({ method: 'HEAD' }),
        expected: { target: 'new', reason: 'percentage-in' },
      },
      {
        name: 'HEAD not taken by a rule without GET',
        features: [feature({ percentage: 100 })],
        rules: [rule({ match: { pathPrefix: '/api/v1/spaces', methods: ['POST'] } })],
        input: request({ method: 'HEAD' }),
        expected: { target: 'legacy', reason: 'no-rule' },
      },
      {
        name: 'lowercase method',
        features: [feature({ percentage: 100 })],
        rules: [rule()],
        input: request({ method: 'get' }),
        expected: { target: 'new', reason: 'percentage-in' },
      },
      {
        name: 'prefix respects segments',
        features: [feature({ percentage: 100 })],
        rules: [rule()],
        input: request({ path: '/api/v1/spaces-archive' }),
        expected: { target: 'legacy', reason: 'no-rule' },
      },
      {
        name: 'query string ignored',
        features: [feature({ percentage: 100 })],
        rules: [rule()],
        input: request({ path: '/api/v1/spaces?limit=5' }),
        expected: { target: 'new', reason: 'percentage-in' },
      },
      {
        name: 'rule target legacy forces legacy',
        features: [feature({ percentage: 100 })],
        rules: [rule({ target: 'legacy' })],
        input: request(),
        expected: { target: 'legacy', reason: 'rule-forces-legacy' },
      },
      {
        name: 'shadow when the feature is on',
        features: [feature({ tenants: { allow: ['acme'], deny: [] } })],
        rules: [rule({ target: 'shadow' })],
        input: request(),
        expected: { target: 'shadow', reason: 'tenant-allowed' },
      },
      {
        name: "legacy when a shadow rule's feature is off",
        features: [feature()],
        rules: [rule({ target: 'shadow' })],
        input: request(),
        expected: { target: 'legacy', reason: 'percentage-out' },
      },
    ])('should decide $expected.target ($expected.reason) for: $name', ({ features, rules, input, defaultTarget, expected }) => {
      const document = documentWith(features, rules, defaultTarget);

      const decision = decideRoute(document, input);

      expect(decision).toMatchObject(expected);
    });
  });

  describe('first match wins', () => {
    it('should use the first matching rule even when a later one is more specific', () => {
      const rules = [rule({ target: 'legacy' }), rule({ match: { pathPrefix: '/api/v1/spaces/special', methods: ['GET'] } })];

      const decision = decideRoute(documentWith([feature({ percentage: 100 })], rules), request({ path: '/api/v1/spaces/special' }));

      expect(decision).toMatchObject({ target: 'legacy', reason: 'rule-forces-legacy', ruleIndex: 0 });
    });

    it('should skip a rule whose methods do not match and take the next', () => {
      const rules = [rule({ match: { pathPrefix: '/api/v1/spaces', methods: ['POST'] }, target: 'legacy' }), rule()];

      const decision = decideRoute(documentWith([feature({ percentage: 100 })], rules), request());

      expect(decision).toMatchObject({ target: 'new', ruleIndex: 1 });
    });
  });

  describe('decision details', () => {
    it('should carry the rule, feature, fallback, timeout, identity and bucket of a new-side decision', () => {
      const document = documentWith([feature({ percentage: 100 })], [rule({ timeoutMs: 1_500 })]);

      const decision = decideRoute(document, request({ spaceId: 's-1' }));

      expect(decision).toEqual({
        target: 'new',
        reason: 'percentage-in',
        path: '/api/v1/spaces',
        ruleIndex: 0,
        routeKey: '/api/v1/spaces',
        feature: 'spaces-api',
        fallback: 'safe',
        timeoutMs: 1_500,
        tenantId: 't-acme',
        spaceId: 's-1',
        parameters: {},
        bucket: bucketOf(SALT, 't-acme'),
      });
    });

    it.each([
      ['legacy', rule({ target: 'legacy' }), feature({ percentage: 100 })],
      ['shadow', rule({ target: 'shadow' }), feature({ percentage: 100 })],
      ['feature off', rule(), feature()],
    ])('should turn fallback off when the target is not new (%s)', (_, matchingRule, toggle) => {
      const decision = decideRoute(documentWith([toggle], [matchingRule]), request());

      expect(decision.fallback).toBe('off');
    });

    it('should expose the parameters captured by the path pattern', () => {
      const document = documentWith(
        [feature()],
        [rule({ match: { pathPattern: '/api/v1/spaces/:spaceId/sync-jobs/:jobId', methods: ['GET'] } })],
      );

      const decision = decideRoute(document, request({ path: '/api/v1/spaces/s-1/sync-jobs/j-2' }));

      expect(decision).toMatchObject({
        parameters: { spaceId: 's-1', jobId: 'j-2' },
        spaceId: 's-1',
        routeKey: '/api/v1/spaces/:spaceId/sync-jobs/:jobId',
      });
    });

    it('should leave a rule with an invalid hand-built pattern unmatched', () => {
      const document = documentWith([feature({ percentage: 100 })], [rule({ match: { pathPattern: '/api//x', methods: ['GET'] } })]);

      const decision = decideRoute(document, request({ path: '/api//x' }));

      expect(decision.reason).toBe('no-rule');
    });
  });

  describe('kill switch', () => {
    it.each([
      ['everyone', ALL_SCOPE, request(), 'kill-switch'],
      ['this tenant', tenantScope('t-acme'), request(), 'kill-switch'],
      ['this space', spaceScope('s-1'), request({ spaceId: 's-1' }), 'kill-switch'],
      ['another tenant', tenantScope('t-globex'), request(), 'tenant-allowed'],
    ])('should respect a switch-off for %s', (_, scope, input, expectedReason) => {
      const killSwitches = new KillSwitchRegistry();
      killSwitches.switchOff({ feature: 'spaces-api', scope, reason: 'error-rate', at: 0 });
      const document = documentWith([feature({ tenants: { allow: ['acme'], deny: [] } })], [rule()]);

      const decision = decideRoute(document, input, killSwitches);

      expect(decision.reason).toBe(expectedReason);
      expect(decision.target).toBe(expectedReason === 'kill-switch' ? 'legacy' : 'new');
    });
  });

  describe('stickiness', () => {
    const yaml = `
features:
  - key: spaces-api
    enabled: true
    percentage: 50
    salt: ${SALT}
rules:
  - match: { pathPrefix: /api/v1/spaces }
    feature: spaces-api
`;

    function parsed(): RoutingDocument {
      const result = parseRoutingText(yaml, 'yaml');
      if (!result.ok) throw new Error(result.problems.join('\n'));
      return result.document;
    }

    it('should give the same tenant the same target on 1000 calls', () => {
      const document = parsed();

      const targets = new Set(Array.from({ length: 1_000 }, () => decideRoute(document, request()).target));

      expect(targets.size).toBe(1);
    });

    it('should agree across two separately parsed documents for every tenant', () => {
      const [first, second] = [parsed(), parsed()];
      const tenants = Array.from({ length: 1_000 }, (_, index) => ({ id: `tenant-${index}` }));

      const disagreements = tenants.filter(
        (tenant) => decideRoute(first, request({ tenant })).target !== decideRoute(second, request({ tenant })).target,
      );

      expect(disagreements).toEqual([]);
    });
  });

  describe('monotonic ramp', () => {
    const tenants = Array.from({ length: 1_000 }, (_, index) => ({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` }));
    const percentages = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    function tenantsOnNewAt(percentage: number): Set<string> {
      const document = documentWith([feature({ percentage })], [rule()]);
      return new Set(tenants.filter((tenant) => decideRoute(document, request({ tenant })).target === 'new').map((tenant) => tenant.id));
    }

    it('should only add tenants as the percentage rises', () => {
      const sets = percentages.map(tenantsOnNewAt);

      const lost = sets.slice(1).map((set, index) => [...(sets[index] as Set<string>)].filter((id) => !set.has(id)));

      expect(lost.every((ids) => ids.length === 0)).toBe(true);
    });

    it.each(percentages)('should put close to %d%% of tenants on the new side', (percentage) => {
      const share = (tenantsOnNewAt(percentage).size / tenants.length) * 100;

      expect(Math.abs(share - percentage)).toBeLessThanOrEqual(5);
    });
  });
});

describe(evaluateFeature.name, () => {
  it('should report the bucket it consulted', () => {
    const bucket = bucketOf(SALT, 't-acme');

    const verdicts = [Math.floor(bucket), Math.floor(bucket) + 1].map((percentage) =>
      evaluateFeature(feature({ percentage }), { tenantId: 't-acme' }),
    );

    expect(verdicts).toEqual([
      { on: false, reason: 'percentage-out', bucket },
      { on: true, reason: 'percentage-in', bucket },
    ]);
  });

  it('should match a tenant slug only against tenant lists', () => {
    const toggle = feature({ spaces: { allow: ['acme'], deny: [] } });

    const verdict = evaluateFeature(toggle, { tenantId: 't-acme', tenantSlug: 'acme' });

    expect(verdict).toEqual({ on: false, reason: 'percentage-out' });
  });
});

describe(findMatchingRule.name, () => {
  it('should return nothing for an empty rule list', () => {
    const match = findMatchingRule([], 'GET', '/api/v1/spaces');

    expect(match).toBeUndefined();
  });
});

describe(routeKeyOf.name, () => {
  it('should use the prefix or the pattern', () => {
    const keys = [rule(), spacePatternRule].map(routeKeyOf);

    expect(keys).toEqual(['/api/v1/spaces', '/api/v1/spaces/:spaceId/**']);
  });
});
