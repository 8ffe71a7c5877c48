import { IgnoreMatcher, parseIgnorePattern } from './ignore-path.matcher';

function isIgnored(patterns: string[], path: string[]): boolean {
  const matcher = IgnoreMatcher.compile(patterns);
  const state = path.reduce((current, key) => matcher.advance(current, key), matcher.initial());
  return matcher.isIgnored(state);
}

describe(parseIgnorePattern.name, () => {
  it.each<[string, string[] | { problem: string }]>([
    ['/items/*/createdAt', ['items', '*', 'createdAt']],
    ['items.*.createdAt', ['items', '*', 'createdAt']],
    ['**.updatedAt', ['**', 'updatedAt']],
    ['/meta/**', ['meta', '**']],
    ['/a~1b/c~0d', ['a/b', 'c~d']],
    ['/items/0/id', ['items', '0', 'id']],
    ['updatedAt', ['updatedAt']],
    ['', { problem: 'must name a path below the root' }],
    ['/', { problem: 'must name a path below the root' }],
    ['a..b', { problem: 'has an empty segment' }],
    ['/a//b', { problem: 'has an empty segment' }],
    ['/items/', { problem: 'has an empty segment' }],
    ['/items/item*', { problem: 'segment "item*" mixes "*" with other characters' }],
    ['***.x', { problem: 'segment "***" mixes "*" with other characters' }],
  ])('should read %j as %j', (pattern, expected) => {
    const parsed = parseIgnorePattern(pattern);

    expect(parsed).toEqual(expected);
  });
});

describe(IgnoreMatcher.name, () => {
  describe('compile', () => {
    it('should refuse an invalid pattern', () => {
      const act = () => IgnoreMatcher.compile(['a..b']);

      expect(act).toThrow('Invalid ignore path "a..b": has an empty segment');
    });
  });

  describe('isIgnored', () => {
    it.each<[string[], string[], boolean]>([
      [['/items/*/createdAt'], ['items', '0', 'createdAt'], true],
      [['/items/*/createdAt'], ['items', '0', 'updatedAt'], false],
      [['/items/*/createdAt'], ['items', 'createdAt'], false],
      [['items.*.createdAt'], ['items', '7', 'createdAt'], true],
      [['**.updatedAt'], ['updatedAt'], true],
      [['**.updatedAt'], ['a', 'b', '3', 'updatedAt'], true],
      [['**.updatedAt'], ['a', 'updatedAt', 'x'], true],
      [['**.updatedAt'], ['a', 'updatedAtX'], false],
      [['/meta/**'], ['meta'], true],
      [['/meta/**'], ['meta', 'trace', 'id'], true],
      [['/meta/**'], ['metadata'], false],
      [['/a/**/id'], ['a', 'id'], true],
      [['/a/**/id'], ['a', 'x', 'y', 'id'], true],
      [['/a/**/id'], ['b', 'x', 'id'], false],
      [['/a~1b'], ['a/b'], true],
      [['/x', '/y/*'], ['y', 'z'], true],
      [['/x', '/y/*'], ['z'], false],
      [[], ['anything'], false],
    ])('should say patterns %j ignore %j: %s', (patterns, path, expected) => {
      const ignored = isIgnored(patterns, path);

      expect(ignored).toBe(expected);
    });

    it('should ignore the root for a lone "**"', () => {
      const ignored = isIgnored(['**'], []);

      expect(ignored).toBe(true);
    });
  });

  describe('advance', () => {
    it('should reach an empty state once no pattern can match below', () => {
      const matcher = IgnoreMatcher.compile(['/items/*/createdAt']);

      const state = matcher.advance(matcher.initial(), 'other');

      expect(state).toEqual([]);
    });
  });
});
