import { withoutStackTraces } from './without-stack-traces';

describe('withoutStackTraces', () => {
  it('returns what it runs', () => {
    expect(withoutStackTraces(() => 42)).toBe(42);
  });

  it('builds errors without stack frames inside, and with them again afterwards', () => {
    const inside = withoutStackTraces(() => new Error('refused'));
    expect(inside.stack).toBe('Error: refused');
    expect(new Error('fault').stack).toMatch(/^Error: fault\n\s+at /);
  });

  it('restores the limit when what it runs throws', () => {
    const limit = Error.stackTraceLimit;
    expect(() =>
      withoutStackTraces(() => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
