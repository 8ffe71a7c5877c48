import {
  CompiledPathPattern,
  compilePathPattern,
  isNeverProxied,
  matchPathPattern,
  matchesPathPrefix,
  normalizeRequestPath,
} from './path.matcher';

function compiled(pattern: string): CompiledPathPattern {
  const result = compilePathPattern(pattern);
  if ('problems' in result) throw new Error(result.problems.join('; '));
  return result;
}

describe(normalizeRequestPath.name, () => {
  it.each([
    ['/api/v1/spaces', '/api/v1/spaces'],
    ['/api/v1/spaces?page=2', '/api/v1/spaces'],
    ['/api/v1/spaces#top', '/api/v1/spaces'],
    ['//api///v1/spaces', '/api/v1/spaces'],
    ['api/v1/spaces', '/api/v1/spaces'],
    ['/api/v1/spaces/../admin/users', '/api/v1/admin/users'],
    ['/api/v1/spaces/%2e%2e/admin', '/api/v1/admin'],
    ['/api/v1/./spaces', '/api/v1/spaces'],
    ['/api\\v1\\spaces', '/api/v1/spaces'],
    ['/api/v1/spaces/a%20b', '/api/v1/spaces/a%20b'],
    ['', '/'],
  ])('should normalize %j to %j', (raw, expected) => {
    const path = normalizeRequestPath(raw);

    expect(path).toBe(expected);
  });
});

describe(matchesPathPrefix.name, () => {
  it.each([
    ['/api/v1/spaces', '/api/v1/spaces', true],
    ['/api/v1/spaces/', '/api/v1/spaces', true],
    ['/api/v1/spaces/abc/sync-jobs', '/api/v1/spaces', true],
    ['/api/v1/spaces-archive', '/api/v1/spaces', false],
    ['/api/v1/space', '/api/v1/spaces', false],
    ['/api/v1/spaces/abc', '/api/v1/spaces/', true],
    ['/anything', '/', true],
  ])('should say %j under prefix %j is %s', (path, prefix, expected) => {
    const matches = matchesPathPrefix(path, prefix);

    expect(matches).toBe(expected);
  });
});

describe(isNeverProxied.name, () => {
  it.each([
    ['/api/v1/auth/login', true],
    ['/api/v1/auth', true],
    ['/api/v1/admin/routing', true],
    ['/health/live', true],
    ['/health', true],
    ['/metrics', true],
    ['/docs', true],
    ['/docs/static/index.html', true],
    ['/docs-json', true],
    ['/docs-yaml', true],
    ['/console', true],
    ['/console/assets/index.js', true],
    ['/docs-legacy', false],
    ['/api/v1/spaces', false],
    ['/api/v1/authors', false],
    ['/metrics-legacy', false],
    ['/api/v2/auth/login', false],
  ])('should say %j is never proxied: %s', (path, expected) => {
    const neverProxied = isNeverProxied(path);

    expect(neverProxied).toBe(expected);
  });
});

describe(compilePathPattern.name, () => {
  it('should name the literal prefix before the first parameter', () => {
    const result = compiled('/api/v1/spaces/:spaceId/sync-jobs/**');

    expect(result.literalPrefix).toBe('/api/v1/spaces');
    expect(result.parameterNames).toEqual(['spaceId']);
  });

  it('should take the whole template as prefix when it has no parameter', () => {
    const result = compiled('/api/v1/spaces');

    expect(result.literalPrefix).toBe('/api/v1/spaces');
  });

  it.each([
    ['api/v1', ['must start with "/"']],
    ['/api/**/spaces', ['"**" is only allowed as the last segment']],
    ['/api//spaces', ['empty segment (double or trailing slash)']],
    ['/api/spaces/', ['empty segment (double or trailing slash)']],
    ['/api/:id/x/:id', ['parameter ":id" appears twice']],
    ['/api/:1abc', ['segment ":1abc" is neither a literal, ":name", "*" nor "**"']],
    ['/api/sp*ces', ['segment "sp*ces" is neither a literal, ":name", "*" nor "**"']],
    ['/api/(.*)', ['segment "(.*)" is neither a literal, ":name", "*" nor "**"']],
  ])('should reject %j', (pattern, problems) => {
    const result = compilePathPattern(pattern);

    expect(result).toEqual({ problems });
  });

  it('should list every problem of one template', () => {
    const result = compilePathPattern('/a//b/**/:x/:x');

    expect(result).toEqual({
      problems: ['empty segment (double or trailing slash)', '"**" is only allowed as the last segment', 'parameter ":x" appears twice'],
    });
  });
});

describe(matchPathPattern.name, () => {
  it.each([
    ['/api/v1/spaces/:spaceId', '/api/v1/spaces/s1', { spaceId: 's1' }],
    ['/api/v1/spaces/:spaceId', '/api/v1/spaces/s1/', { spaceId: 's1' }],
    ['/api/v1/spaces/:spaceId', '/api/v1/spaces/s1/jobs', undefined],
    ['/api/v1/spaces/:spaceId', '/api/v1/spaces', undefined],
    ['/api/v1/spaces/:spaceId/sync-jobs/*', '/api/v1/spaces/s1/sync-jobs/j1', { spaceId: 's1' }],
    ['/api/v1/spaces/:spaceId/sync-jobs/*', '/api/v1/spaces/s1/sync-jobs/j1/runs', undefined],
    ['/api/v1/spaces/:spaceId/sync-jobs/**', '/api/v1/spaces/s1/sync-jobs', { spaceId: 's1' }],
    ['/api/v1/spaces/:spaceId/sync-jobs/**', '/api/v1/spaces/s1/sync-jobs/j1/runs/7', { spaceId: 's1' }],
    ['/api/v1/spaces/:spaceId/sync-jobs/**', '/api/v1/spaces/s1/sync-jobs-old', undefined],
    ['/api/:version/spaces/:spaceId', '/api/v2/spaces/a%20b', { version: 'v2', spaceId: 'a b' }],
    ['/api/v1/spaces/:spaceId', '/api/v1/spaces/%E0%A4%A', { spaceId: '%E0%A4%A' }],
    ['/api/v1.0/x', '/api/v1x0/x', undefined],
    ['/**', '/anything/at/all', {}],
    ['/', '/', {}],
  ])('should match %j against %j as %j', (pattern, path, expected) => {
    const parameters = matchPathPattern(compiled(pattern), path);

    expect(parameters).toEqual(expected);
  });

  it('should keep a parameter named __proto__ an own property', () => {
    const parameters = matchPathPattern(compiled('/x/:__proto__'), '/x/polluted');

    expect(Object.hasOwn(parameters ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
