import { bodyLines } from './json-view';

describe('bodyLines', () => {
  it('should pretty-print a JSON body and mark the lines of a differing path and everything inside it', () => {
    const body = JSON.stringify({ value: 1, items: [{ id: 1, label: 'legacy' }], 'a/b': { c: true } });

    const sut = bodyLines(body, ['/items/0/label', '/a~1b']);

    expect(sut.json).toBe(true);
    expect(sut.lines.filter((line) => line.marked).map((line) => line.text.trim())).toEqual([
      '"label": "legacy"',
      '"a/b": {',
      '"c": true',
      '}',
    ]);
    expect(sut.lines.map((line) => line.text)).toEqual([
      '{',
      '  "value": 1,',
      '  "items": [',
      '    {',
      '      "id": 1,',
      '      "label": "legacy"',
      '    }',
      '  ],',
      '  "a/b": {',
      '    "c": true',
      '  }',
      '}',
    ]);
  });

  it('should mark the whole body when the difference is at the root', () => {
    const sut = bodyLines('{"a":[]}', ['']);

    expect(sut.lines).toEqual([
      { text: '{', marked: true },
      { text: '  "a": []', marked: true },
      { text: '}', marked: true },
    ]);
  });

  it('should show a body that is not JSON, or was cut, as it came and unmarked', () => {
    const sut = bodyLines('{"items": [1, 2\n, 3', ['/items']);

    expect(sut).toEqual({
      json: false,
      lines: [
        { text: '{"items": [1, 2', marked: false },
        { text: ', 3', marked: false },
      ],
    });
  });
});
