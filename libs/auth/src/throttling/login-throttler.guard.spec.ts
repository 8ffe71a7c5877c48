import { foldName, loginTracker } from './login-throttler.guard';

describe('login throttling keys', () => {
  describe(foldName.name, () => {
    it('should fold case, accents and full-width forms the way the database collation compares them', () => {
      const spellings = ['alice', 'ALICE', 'Àlice', 'a\u0301lice', 'ａｌｉｃｅ', '  Alice  ', 'ÅĹÍÇÉ'];

      expect(new Set(spellings.map(foldName))).toEqual(new Set(['alice']));
    });

    it('should give anything that is not a string the empty name and cap long names', () => {
      expect([undefined, 42, { name: 'alice' }, ['alice']].map(foldName)).toEqual(['', '', '', '']);
      expect(foldName('x'.repeat(10_000))).toHaveLength(128);
    });
  });

  describe(loginTracker.name, () => {
    it('should key on the folded tenant and username', () => {
      expect(loginTracker({ body: { tenant: 'ACME', username: 'ａｌｉｃｅ' } })).toBe('name:acme/alice');
      expect(loginTracker({ body: 'not an object' })).toBe('name:/');
    });
  });
});
