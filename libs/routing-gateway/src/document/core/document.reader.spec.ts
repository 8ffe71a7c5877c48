import { DocumentReader, childPath, describeValue, isPlainObject } from './document.reader';

describe(describeValue.name, () => {
  it.each<[unknown, string]>([
    [null, 'null'],
    [[1], 'an array'],
    [{}, 'an object'],
    ['abc', '"abc"'],
    ['x'.repeat(50), `"${'x'.repeat(40)}…"`],
    [1.5, '1.5'],
    [true, 'true'],
    [undefined, 'undefined'],
  ])('should describe %j as %s', (value, expected) => {
    const description = describeValue(value);

    expect(description).toBe(expected);
  });
});

describe(isPlainObject.name, () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [[], false],
    [null, false],
    ['x', false],
  ])('should say %j is a plain object: %s', (value, expected) => {
    const plain = isPlainObject(value);

    expect(plain).toBe(expected);
  });
});

describe(childPath.name, () => {
  it('should join a key to its parent, or stand alone at the top', () => {
    const paths = [childPath('rules[0]', 'match'), childPath('', 'default')];

    expect(paths).toEqual(['rules[0].match', 'default']);
  });
});

describe(DocumentReader.name, () => {
  let sut: DocumentReader;

  beforeEach(() => {
    sut = new DocumentReader();
  });

  describe('string', () => {
    it.each<[unknown, string | undefined, string, string[]]>([
      ['abc', undefined, 'abc', []],
      [undefined, 'fallback', 'fallback', []],
      [undefined, undefined, '', ['field: is required']],
      ['', undefined, '', ['field: must be a non-empty string of at most 200 characters, got ""']],
      [7, undefined, '', ['field: must be a non-empty string of at most 200 characters, got 7']],
      [
        'x'.repeat(201),
        undefined,
        'x'.repeat(201),
        [`field: must be a non-empty string of at most 200 characters, got "${'x'.repeat(40)}…"`],
      ],
    ])('should read %j (fallback %j) as %j', (value, fallback, expected, problems) => {
      const result = sut.string(value, 'field', { fallback });

      expect(result).toBe(expected);
      expect(sut.problems).toEqual(problems);
    });
  });

  describe('integer', () => {
    it.each<[unknown, number, string[]]>([
      [5, 5, []],
      [undefined, 3, []],
      [0, 0, []],
      [11, 0, ['field: must be an integer 0-10, got 11']],
      [1.5, 0, ['field: must be an integer 0-10, got 1.5']],
      [Number.NaN, 0, ['field: must be an integer 0-10, got NaN']],
    ])('should read %j as %d', (value, expected, problems) => {
      const result = sut.integer(value, 'field', { min: 0, max: 10, fallback: 3 });

      expect(result).toBe(expected);
      expect(sut.problems).toEqual(problems);
    });
  });

  describe('number', () => {
    it('should accept fractions in range', () => {
      const result = sut.number(1.25, 'field', { min: 1, max: 2 });

      expect(result).toBe(1.25);
      expect(sut.problems).toEqual([]);
    });
  });

  describe('boolean', () => {
    it.each<[unknown, boolean | undefined, boolean, string[]]>([
      [true, undefined, true, []],
      [false, undefined, false, []],
      [undefined, true, true, []],
      [undefined, undefined, false, ['field: is required']],
      ['true', undefined, false, ['field: must be true or false, got "true"']],
    ])('should read %j (fallback %j) as %s', (value, fallback, expected, problems) => {
      const result = sut.boolean(value, 'field', fallback);

      expect(result).toBe(expected);
      expect(sut.problems).toEqual(problems);
    });
  });

  describe('stringList', () => {
    it('should dedupe entries and report each bad one by index', () => {
      const result = sut.stringList(['a', 'a', 3, 'b'], 'list', 10);

      expect(result).toEqual(['a', '', 'b']);
      expect(sut.problems).toEqual(['list[2]: must be a non-empty string of at most 200 characters, got 3']);
    });

    it('should refuse more entries than the limit', () => {
      sut.stringList(['a', 'b', 'c'], 'list', 2);

      expect(sut.problems).toEqual(['list: must have at most 2 entries, got 3']);
    });
  });

  describe('object', () => {
    it('should report each unknown key', () => {
      const result = sut.object({ a: 1, b: 2, c: 3 }, 'thing', ['a']);

      expect(result).toEqual({ a: 1, b: 2, c: 3 });
      expect(sut.problems).toEqual(['thing.b: unknown key; expected one of a', 'thing.c: unknown key; expected one of a']);
    });

    it('should name the document itself when the path is empty', () => {
      sut.object('x', '', []);

      expect(sut.problems).toEqual(['(document): must be an object, got "x"']);
    });
  });

  describe('oneOf', () => {
    it('should fall back when absent and refuse values outside the set', () => {
      const values = [sut.oneOf(undefined, 'a', ['x', 'y'], 'y'), sut.oneOf('z', 'b', ['x', 'y'])];

      expect(values).toEqual(['y', 'x']);
      expect(sut.problems).toEqual(['b: must be one of x, y, got "z"']);
    });
  });
});
