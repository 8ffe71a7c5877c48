import { IgnoreMatcher } from '../../document/core/ignore-path.matcher';
import { diffJson, escapePointerSegment } from './json.diff';

describe(diffJson.name, () => {
  describe('equal bodies', () => {
    it.each<[string, unknown, unknown]>([
      ['objects in another key order', { b: 1, a: [1, { c: null, d: 'x' }] }, { a: [1, { d: 'x', c: null }], b: 1 }],
      ['equal strings', 'text', 'text'],
      ['null', null, null],
      ['empty arrays', [], []],
      ['0 and -0', 0, -0],
    ])('should find no difference between %s', (_, legacy, candidate) => {
      const differences = diffJson(legacy, candidate);

      expect(differences).toEqual([]);
    });
  });

  describe('differences', () => {
    it.each<[string, unknown, unknown, unknown[]]>([
      ['a changed value', { a: 1 }, { a: 2 }, [{ path: '/a', kind: 'changed', legacy: 1, new: 2 }]],
      ['a changed root', 'x', 'y', [{ path: '', kind: 'changed', legacy: 'x', new: 'y' }]],
      ['a type change', { a: '1' }, { a: 1 }, [{ path: '/a', kind: 'type', legacy: '1', new: 1 }]],
      ['null against an object', { a: null }, { a: {} }, [{ path: '/a', kind: 'type', legacy: null, new: {} }]],
      ['an array against an object', { a: [] }, { a: {} }, [{ path: '/a', kind: 'type', legacy: [], new: {} }]],
      ['a missing key', { a: 1, b: 2 }, { a: 1 }, [{ path: '/b', kind: 'missing-in-new', legacy: 2 }]],
      ['an extra key', { a: 1 }, { a: 1, c: { d: 1 } }, [{ path: '/c', kind: 'extra-in-new', new: { d: 1 } }]],
      [
        'a nested change',
        { a: { b: { c: true } } },
        { a: { b: { c: false } } },
        [{ path: '/a/b/c', kind: 'changed', legacy: true, new: false }],
      ],
      ['an array element change', { items: [1, 2, 3] }, { items: [1, 5, 3] }, [{ path: '/items/1', kind: 'changed', legacy: 2, new: 5 }]],
      [
        'a shorter array',
        [1, 2, 3],
        [1],
        [
          { path: '/1', kind: 'missing-in-new', legacy: 2 },
          { path: '/2', kind: 'missing-in-new', legacy: 3 },
        ],
      ],
      ['a longer array', [1], [1, 2], [{ path: '/1', kind: 'extra-in-new', new: 2 }]],
      [
        'a reordered array',
        [1, 2],
        [2, 1],
        [
          { path: '/0', kind: 'changed', legacy: 1, new: 2 },
          { path: '/1', kind: 'changed', legacy: 2, new: 1 },
        ],
      ],
      [
        'an object inside an array',
        { items: [{ id: 1, name: 'a' }] },
        { items: [{ id: 1, name: 'b' }] },
        [{ path: '/items/0/name', kind: 'changed', legacy: 'a', new: 'b' }],
      ],
      [
        'keys needing pointer escapes',
        { 'a/b': { '~c': 1 } },
        { 'a/b': { '~c': 2 } },
        [{ path: '/a~1b/~0c', kind: 'changed', legacy: 1, new: 2 }],
      ],
      ['an undefined body', { a: 1 }, undefined, [{ path: '', kind: 'type', legacy: { a: 1 }, new: undefined }]],
    ])('should report %s', (_, legacy, candidate, expected) => {
      const differences = diffJson(legacy, candidate);

      expect(differences).toEqual(expected);
    });

    it('should list legacy keys before keys only the new side has', () => {
      const differences = diffJson({ z: 1, a: 1 }, { y: 2, a: 2 });

      expect(differences.map((difference) => difference.path)).toEqual(['/z', '/a', '/y']);
    });
  });

  describe('ignore paths', () => {
    const legacy = {
      id: 1,
      updatedAt: 't1',
      items: [
        { id: 'a', createdAt: 't1', meta: { updatedAt: 't1' } },
        { id: 'b', createdAt: 't2' },
      ],
      meta: { requestId: 'r1', took: 3 },
    };
    const candidate = {
      id: 1,
      updatedAt: 't9',
      items: [
        { id: 'a', createdAt: 't8', meta: { updatedAt: 't9' } },
        { id: 'b', createdAt: 't7' },
      ],
      meta: { requestId: 'r2', took: 4, extra: true },
    };

    it.each<[string, string[], string[]]>([
      [
        'nothing',
        [],
        [
          '/updatedAt',
          '/items/0/createdAt',
          '/items/0/meta/updatedAt',
          '/items/1/createdAt',
          '/meta/requestId',
          '/meta/took',
          '/meta/extra',
        ],
      ],
      [
        'a pointer with a wildcard index',
        ['/items/*/createdAt'],
        ['/updatedAt', '/items/0/meta/updatedAt', '/meta/requestId', '/meta/took', '/meta/extra'],
      ],
      [
        'a dotted pattern at any depth',
        ['**.updatedAt'],
        ['/items/0/createdAt', '/items/1/createdAt', '/meta/requestId', '/meta/took', '/meta/extra'],
      ],
      [
        'a whole subtree, extra keys included',
        ['/meta'],
        ['/updatedAt', '/items/0/createdAt', '/items/0/meta/updatedAt', '/items/1/createdAt'],
      ],
      ['a subtree by "**"', ['meta.**'], ['/updatedAt', '/items/0/createdAt', '/items/0/meta/updatedAt', '/items/1/createdAt']],
      ['one array element', ['/items/0'], ['/updatedAt', '/items/1/createdAt', '/meta/requestId', '/meta/took', '/meta/extra']],
      ['several patterns together', ['**.updatedAt', '**.createdAt', '/meta/requestId', '/meta/took', '/meta/extra'], []],
      ['the whole body', ['**'], []],
    ])('should ignore %s', (_, ignorePaths, expected) => {
      const differences = diffJson(legacy, candidate, { ignorePaths });

      expect(differences.map((difference) => difference.path)).toEqual(expected);
    });

    it('should accept a matcher compiled once', () => {
      const matcher = IgnoreMatcher.compile(['**.updatedAt', '**.createdAt', '/meta']);

      const differences = diffJson(legacy, candidate, { ignorePaths: matcher });

      expect(differences).toEqual([]);
    });

    it('should not report an ignored key missing on one side', () => {
      const differences = diffJson({ a: 1, updatedAt: 't' }, { a: 1 }, { ignorePaths: ['updatedAt'] });

      expect(differences).toEqual([]);
    });
  });

  describe('bounds', () => {
    it('should stop after maxDifferences', () => {
      const legacy = Array.from({ length: 1_000 }, (_, index) => index);
      const candidate = legacy.map((value) => value + 1);

      const differences = diffJson(legacy, candidate, { maxDifferences: 3 });

      expect(differences.map((difference) => difference.path)).toEqual(['/0', '/1', '/2']);
    });

    it('should default to 20 differences', () => {
      const differences = diffJson({ items: Array(50).fill(1) }, { items: Array(50).fill(2) });

      expect(differences).toHaveLength(20);
    });

    it('should compare very deep subtrees whole instead of recursing further', () => {
      const deep = (leaf: number) => Array.from({ length: 150 }).reduce<unknown>((inner) => ({ child: inner }), { leaf });

      const differences = diffJson(deep(1), deep(2));

      expect(differences).toHaveLength(1);
      expect(differences[0]?.path).toBe(`${'/child'.repeat(100)}`);
      expect(differences[0]?.kind).toBe('changed');
    });

    it('should find no difference between equal very deep subtrees', () => {
      const deep = () => Array.from({ length: 150 }).reduce<unknown>((inner) => ({ child: inner }), { leaf: 1 });

      const differences = diffJson(deep(), deep());

      expect(differences).toEqual([]);
    });
  });
});

describe(escapePointerSegment.name, () => {
  it.each([
    ['plain', 'plain'],
    ['a/b', 'a~1b'],
    ['~x', '~0x'],
    ['~/', '~0~1'],
  ])('should escape %j as %j', (key, expected) => {
    const escaped = escapePointerSegment(key);

    expect(escaped).toBe(expected);
  });
});
