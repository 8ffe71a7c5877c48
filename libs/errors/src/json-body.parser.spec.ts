import { exceedsJsonDepth } from './json-body.parser';

describe(exceedsJsonDepth.name, () => {
  it('should count nesting of objects and arrays', () => {
    expect(exceedsJsonDepth('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(exceedsJsonDepth('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(exceedsJsonDepth(`${'['.repeat(5_000)}${']'.repeat(5_000)}`, 32)).toBe(true);
  });

  it('should not count brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ text: '[[[[{{{{', quoted: 'say \\"[[[[" ok' }), 1)).toBe(false);
  });
});
