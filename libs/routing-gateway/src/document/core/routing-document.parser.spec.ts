import { RoutingException } from '../../routing.errors';
import { ROLLBACK_DEFAULTS, SHADOW_DEFAULTS } from './routing-document.model';
import { formatOfFileName, parseRoutingDocument, parseRoutingDocumentOrThrow, parseRoutingText } from './routing-document.parser';

const ISSUE_EXAMPLE = `
default: legacy            # target for requests that match no rule: legacy | new
features:
  - key: spaces-api
    enabled: true
    tenants: { allow: [acme], deny: [] }   # tenant slugs or ids
    spaces:  { allow: [], deny: [] }       # space ids
    percentage: 0                          # 0-100, sticky bucket of stickBy
    stickBy: tenant                        # tenant | space
    salt: spaces-api-v1
rules:                                     # first match wins
  - match: { pathPrefix: /api/v1/spaces, methods: [GET, POST, PATCH, DELETE] }
    feature: spaces-api
    target: new            # used when the feature is on for the request: new | shadow
    fallback: safe         # off | safe | always
    timeoutMs: 5000
`;

function problemsOf(input: unknown): string[] {
  const result = parseRoutingDocument(input);
  return result.ok ? [] : result.problems;
}

function validFeature(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { key: 'spaces-api', enabled: true, ...overrides };
}

function validRule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { match: { pathPrefix: '/api/v1/spaces' }, feature: 'spaces-api', ...overrides };
}

describe(parseRoutingDocument.name, () => {
  describe('valid documents', () => {
    it('should fill every default of an empty document', () => {
      const result = parseRoutingDocument({});

      expect(result).toEqual({
        ok: true,
        document: { default: 'legacy', features: [], rules: [], shadow: SHADOW_DEFAULTS, rollback: ROLLBACK_DEFAULTS },
      });
    });

    it('should fill feature and rule defaults', () => {
      const result = parseRoutingDocument({
        features: [{ key: 'reports', enabled: false }],
        rules: [{ match: { pathPattern: '/api/v1/reports/:id' }, feature: 'reports' }],
      });

      expect(result).toMatchObject({
        ok: true,
        document: {
          features: [
            {
              key: 'reports',
              enabled: false,
              tenants: { allow: [], deny: [] },
              spaces: { allow: [], deny: [] },
              percentage: 0,
              stickBy: 'tenant',
              salt: 'reports',
            },
          ],
          rules: [
            {
              match: { pathPattern: '/api/v1/reports/:id', methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] },
              feature: 'reports',
              target: 'new',
              fallback: 'off',
              timeoutMs: 5_000,
            },
          ],
        },
      });
    });

    it('should accept a rule forcing legacy without a feature', () => {
      const result = parseRoutingDocument({ rules: [{ match: { pathPrefix: '/api/v1/exports' }, target: 'legacy' }] });

      expect(result).toMatchObject({ ok: true, document: { rules: [{ target: 'legacy' }] } });
      expect(result.ok && 'feature' in (result.document.rules[0] ?? {})).toBe(false);
    });

    it('should keep explicit shadow and rollback settings', () => {
      const input = {
        shadow: { ignorePaths: ['**.updatedAt'], maxConcurrency: 2, sampleSize: 10, maxDifferences: 5 },
        rollback: {
          enabled: false,
          windowMs: 30_000,
          minRequests: 20,
          errorRateFactor: 3,
          p95Factor: 1.5,
          errorRateFloor: 0.05,
          p95FloorMs: 0,
          maxSamples: 100,
          globalMinTenants: 3,
        },
      };

      const result = parseRoutingDocument(input);

      expect(result).toEqual({ ok: true, document: expect.objectContaining(input) });
    });

    it('should drop duplicate entries of an allow list', () => {
      const result = parseRoutingDocument({ features: [validFeature({ tenants: { allow: ['acme', 'acme'] } })] });

      expect(result).toMatchObject({ ok: true, document: { features: [{ tenants: { allow: ['acme'], deny: [] } }] } });
    });

    it('should freeze the document so a shared copy cannot be edited in place', () => {
      const result = parseRoutingDocument({ features: [validFeature()], rules: [validRule()] });

      const document = result.ok ? result.document : undefined;

      expect(Object.isFrozen(document)).toBe(true);
      expect(Object.isFrozen(document?.features[0]?.tenants.allow)).toBe(true);
      expect(Object.isFrozen(document?.rules[0]?.match)).toBe(true);
    });
  });

  describe('problems', () => {
    it('should list every problem of a document at once, each with its path', () => {
      const input = {
        default: 'shadow',
        extra: 1,
        features: [
          { key: 'spaces-api', enabled: 'yes', percentage: 150, stickBy: 'user', tenants: { allow: [42], deny: 'x' }, salt: '' },
          { key: 'spaces-api', enabled: true, spaces: { allowed: [] } },
        ],
        rules: [
          { match: { pathPrefix: '/api/v1/spaces', pathPattern: '/x' }, feature: 'nope', fallback: 'maybe', timeoutMs: 0 },
          { match: { methods: ['get', 'FETCH', 'GET', 'GET'] }, target: 'legacy' },
          'oops',
        ],
        shadow: { ignorePaths: ['**.updatedAt', 'a..b'], maxConcurrency: 0 },
        rollback: { errorRateFactor: 0.5 },
      };

      const problems = problemsOf(input);

      expect(problems).toEqual([
        'extra: unknown key; expected one of default, features, rules, shadow, rollback',
        'default: must be one of legacy, new, got "shadow"',
        'features[0].enabled: must be true or false, got "yes"',
        'features[0].tenants.allow[0]: must be a non-empty string without spaces (quote numeric ids), got 42',
        'features[0].tenants.deny: must be a list, got "x"',
        'features[0].percentage: must be an integer 0-100, got 150',
        'features[0].stickBy: must be one of tenant, space, got "user"',
        'features[0].salt: must be a non-empty string of at most 200 characters, got ""',
        'features[1].spaces.allowed: unknown key; expected one of allow, deny',
        'features[1].key: duplicate feature key "spaces-api" (also features[0])',
        'rules[0].match: must have exactly one of pathPrefix and pathPattern, got both',
        'rules[0].fallback: must be one of off, safe, always, got "maybe"',
        'rules[0].timeoutMs: must be an integer 1-300000, got 0',
        'rules[0].feature: unknown feature "nope"',
        'rules[1].match.methods[0]: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got "get" (methods are uppercase: GET)',
        'rules[1].match.methods[1]: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got "FETCH"',
        'rules[1].match.methods[3]: duplicate method GET',
        'rules[1].match: must have exactly one of pathPrefix and pathPattern, got neither',
        'rules[2]: must be an object, got "oops"',
        'shadow.ignorePaths[1]: has an empty segment',
        'shadow.maxConcurrency: must be an integer 1-1000, got 0',
        'rollback.errorRateFactor: must be a number 1-100, got 0.5',
      ]);
    });

    it.each<[string, unknown, string]>([
      ['a document that is not an object', [], '(document): must be an object, got an array'],
      ['a missing document', undefined, '(document): is required'],
      ['a feature without key', { features: [{ enabled: true }] }, 'features[0].key: is required'],
      ['a feature without enabled', { features: [{ key: 'a' }] }, 'features[0].enabled: is required'],
      [
        'a feature key with spaces',
        { features: [validFeature({ key: 'spaces api' })] },
        'features[0].key: must be letters, digits, ".", "_" or "-" (at most 100, starting with a letter or digit), got "spaces api"',
      ],
      [
        'a fractional percentage',
        { features: [validFeature({ percentage: 12.5 })] },
        'features[0].percentage: must be an integer 0-100, got 12.5',
      ],
      [
        'a negative percentage',
        { features: [validFeature({ percentage: -1 })] },
        'features[0].percentage: must be an integer 0-100, got -1',
      ],
      [
        'a percentage given as text',
        { features: [validFeature({ percentage: '50' })] },
        'features[0].percentage: must be an integer 0-100, got "50"',
      ],
      ['a feature that is not an object', { features: ['spaces-api'] }, 'features[0]: must be an object, got "spaces-api"'],
      ['features that are not a list', { features: { key: 'a' } }, 'features: must be a list, got an object'],
      [
        'a space id that is empty',
        { features: [validFeature({ spaces: { deny: [''] } })] },
        'features[0].spaces.deny[0]: must be a non-empty string without spaces (quote numeric ids), got ""',
      ],
      ['a rule without match', { features: [validFeature()], rules: [{ feature: 'spaces-api' }] }, 'rules[0].match: is required'],
      [
        'a rule with neither prefix nor pattern',
        { features: [validFeature()], rules: [validRule({ match: { methods: ['GET'] } })] },
        'rules[0].match: must have exactly one of pathPrefix and pathPattern, got neither',
      ],
      ['a rule targeting new without feature', { rules: [{ match: { pathPrefix: '/api/v1/x' } }] }, 'rules[0].feature: is required'],
      [
        'a rule targeting shadow without feature',
        { rules: [{ match: { pathPrefix: '/api/v1/x' }, target: 'shadow' }] },
        'rules[0].feature: is required',
      ],
      [
        'a legacy rule naming an unknown feature',
        { rules: [{ match: { pathPrefix: '/api/v1/x' }, target: 'legacy', feature: 'gone' }] },
        'rules[0].feature: unknown feature "gone"',
      ],
      [
        'an unknown target',
        { features: [validFeature()], rules: [validRule({ target: 'old' })] },
        'rules[0].target: must be one of new, legacy, shadow, got "old"',
      ],
      [
        'a timeout too long',
        { features: [validFeature()], rules: [validRule({ timeoutMs: 300_001 })] },
        'rules[0].timeoutMs: must be an integer 1-300000, got 300001',
      ],
      [
        'an empty method list',
        { features: [validFeature()], rules: [validRule({ match: { pathPrefix: '/a', methods: [] } })] },
        'rules[0].match.methods: must not be empty; leave it out to match every method',
      ],
      [
        'methods outside match',
        { features: [validFeature()], rules: [validRule({ methods: ['GET'] })] },
        'rules[0].methods: unknown key; expected one of match, feature, target, fallback, timeoutMs',
      ],
      [
        'a prefix without leading slash',
        { features: [validFeature()], rules: [validRule({ match: { pathPrefix: 'api/v1' } })] },
        'rules[0].match.pathPrefix: must be a path starting with "/" without query, wildcards, "//" or dot segments, got "api/v1"',
      ],
      [
        'a prefix with a dot segment',
        { features: [validFeature()], rules: [validRule({ match: { pathPrefix: '/api/../admin' } })] },
        'rules[0].match.pathPrefix: must be a path starting with "/" without query, wildcards, "//" or dot segments, got "/api/../admin"',
      ],
      [
        'a prefix with a query',
        { features: [validFeature()], rules: [validRule({ match: { pathPrefix: '/api?x=1' } })] },
        'rules[0].match.pathPrefix: must be a path starting with "/" without query, wildcards, "//" or dot segments, got "/api?x=1"',
      ],
      [
        'a prefix with a wildcard',
        { features: [validFeature()], rules: [validRule({ match: { pathPrefix: '/api/*' } })] },
        'rules[0].match.pathPrefix: must be a path starting with "/" without query, wildcards, "//" or dot segments, got "/api/*"',
      ],
      [
        'a prefix under a never-proxied path',
        { features: [validFeature()], rules: [validRule({ match: { pathPrefix: '/api/v1/auth/login' } })] },
        'rules[0].match.pathPrefix: "/api/v1/auth/login" is served by Switchyard itself and never proxied',
      ],
      [
        'a pattern under a never-proxied path',
        { features: [validFeature()], rules: [validRule({ match: { pathPattern: '/health/:probe' } })] },
        'rules[0].match.pathPattern: "/health" is served by Switchyard itself and never proxied',
      ],
      [
        'an invalid pattern',
        { features: [validFeature()], rules: [validRule({ match: { pathPattern: '/api/(.*)' } })] },
        'rules[0].match.pathPattern: segment "(.*)" is neither a literal, ":name", "*" nor "**"',
      ],
      [
        'a pattern not starting with a slash',
        { features: [validFeature()], rules: [validRule({ match: { pathPattern: 'api/:id' } })] },
        'rules[0].match.pathPattern: must start with "/"',
      ],
      [
        'an ignore path mixing wildcards',
        { shadow: { ignorePaths: ['/items/item*'] } },
        'shadow.ignorePaths[0]: segment "item*" mixes "*" with other characters',
      ],
      ['an ignore path naming the root', { shadow: { ignorePaths: ['/'] } }, 'shadow.ignorePaths[0]: must name a path below the root'],
      [
        'an unknown shadow key',
        { shadow: { sample: 3 } },
        'shadow.sample: unknown key; expected one of ignorePaths, maxConcurrency, sampleSize, maxDifferences',
      ],
      ['a rollback window too short', { rollback: { windowMs: 10 } }, 'rollback.windowMs: must be an integer 1000-3600000, got 10'],
      ['zero minimum requests', { rollback: { minRequests: 0 } }, 'rollback.minRequests: must be an integer 1-1000000, got 0'],
      ['an error floor above 1', { rollback: { errorRateFloor: 2 } }, 'rollback.errorRateFloor: must be a number 0-1, got 2'],
      [
        'a non-finite factor',
        { rollback: { p95Factor: Number.POSITIVE_INFINITY } },
        'rollback.p95Factor: must be a number 1-100, got Infinity',
      ],
    ])('should reject %s', (_, input, expected) => {
      const problems = problemsOf(input);

      expect(problems).toEqual([expected]);
    });

    it('should name a misspelt key and what it leaves missing', () => {
      const input = { features: [validFeature()], rules: [validRule({ match: { pathprefix: '/api' } })] };

      const problems = problemsOf(input);

      expect(problems).toEqual([
        'rules[0].match.pathprefix: unknown key; expected one of pathPrefix, pathPattern, methods',
        'rules[0].match: must have exactly one of pathPrefix and pathPattern, got neither',
      ]);
    });

    it('should cap the list of problems', () => {
      const features = Array.from({ length: 150 }, () => 'not a feature');

      const problems = problemsOf({ features });

      expect(problems).toHaveLength(101);
      expect(problems[100]).toBe('… and 50 more problems');
    });

    it('should refuse more rules than the limit', () => {
      const rules = Array.from({ length: 501 }, () => ({ match: { pathPrefix: '/x' }, target: 'legacy' }));

      const problems = problemsOf({ rules });

      expect(problems).toEqual(['rules: must have at most 500 entries, got 501']);
    });
  });
});

describe(parseRoutingText.name, () => {
  it('should parse the example of the issue', () => {
    const result = parseRoutingText(ISSUE_EXAMPLE, 'yaml');

    expect(result).toMatchObject({
      ok: true,
      document: {
        default: 'legacy',
        features: [
          {
            key: 'spaces-api',
            enabled: true,
            tenants: { allow: ['acme'], deny: [] },
            percentage: 0,
            stickBy: 'tenant',
            salt: 'spaces-api-v1',
          },
        ],
        rules: [
          {
            match: { pathPrefix: '/api/v1/spaces', methods: ['GET', 'POST', 'PATCH', 'DELETE'] },
            feature: 'spaces-api',
            target: 'new',
            fallback: 'safe',
            timeoutMs: 5_000,
          },
        ],
      },
    });
  });

  it('should parse the same document written as JSON', () => {
    const yaml = parseRoutingText(ISSUE_EXAMPLE, 'yaml');

    const json = parseRoutingText(JSON.stringify(yaml.ok ? yaml.document : {}), 'json');

    expect(json).toEqual(yaml);
  });

  it.each<[string, string, 'yaml' | 'json', string]>([
    [
      'broken YAML',
      'a: [1\nb: 2',
      'yaml',
      '(document): not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1',
    ],
    [
      'duplicate YAML keys',
      'default: new\ndefault: legacy',
      'yaml',
      '(document): not valid YAML: Map keys must be unique at line 2, column 1',
    ],
    ['broken JSON', '{"default": ', 'json', '(document): not valid JSON: Unexpected end of JSON input'],
    ['an empty file', '', 'yaml', '(document): must be an object, got null'],
    ['a YAML scalar', 'legacy', 'yaml', '(document): must be an object, got "legacy"'],
  ])('should report %s', (_, text, format, expected) => {
    const result = parseRoutingText(text, format);

    expect(result).toEqual({ ok: false, problems: [expected] });
  });

  it('should refuse a text larger than a megabyte', () => {
    const text = `# ${'x'.repeat(1024 * 1024)}`;

    const result = parseRoutingText(text, 'yaml');

    expect(result).toEqual({ ok: false, problems: ['(document): larger than 1048576 characters'] });
  });

  it('should read YAML 1.2 words such as "on" and "no" as strings', () => {
    const result = parseRoutingText('features:\n  - key: on\n    enabled: true\n    tenants: { allow: [no] }', 'yaml');

    expect(result).toMatchObject({ ok: true, document: { features: [{ key: 'on', tenants: { allow: ['no'] } }] } });
  });

  it('should ask for quotes around a numeric tenant id', () => {
    const result = parseRoutingText('features:\n  - key: a\n    enabled: true\n    tenants: { allow: [0012] }', 'yaml');

    expect(result).toEqual({
      ok: false,
      problems: ['features[0].tenants.allow[0]: must be a non-empty string without spaces (quote numeric ids), got 12'],
    });
  });
});

describe(parseRoutingDocumentOrThrow.name, () => {
  it('should return the document when it is valid', () => {
    const document = parseRoutingDocumentOrThrow({ default: 'new' });

    expect(document.default).toBe('new');
  });

  it('should throw a 400 listing every problem', () => {
    const act = () => parseRoutingDocumentOrThrow({ default: 'x', rules: 'y' });

    expect(act).toThrow(RoutingException);
    expect(act).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'INVALID_ROUTING_DOCUMENT',
        message: 'Routing document is invalid: 2 problems',
        details: ['default: must be one of legacy, new, got "x"', 'rules: must be a list, got "y"'],
      }),
    );
  });
});

describe(formatOfFileName.name, () => {
  it.each([
    ['/etc/switchyard/routing.json', 'json'],
    ['ROUTING.JSON', 'json'],
    ['routing.yaml', 'yaml'],
    ['routing.yml', 'yaml'],
    ['routing', 'yaml'],
  ])('should read %s as %s', (fileName, expected) => {
    const format = formatOfFileName(fileName);

    expect(format).toBe(expected);
  });
});
