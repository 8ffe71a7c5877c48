import { PasswordHasher } from './password.hasher';

describe(PasswordHasher.name, () => {
  const sut = new PasswordHasher();

  describe('hash', () => {
    it('should salt each hash so equal passwords differ', async () => {
      const first = await sut.hash('correct horse battery');
      const second = await sut.hash('correct horse battery');

      expect(first).not.toEqual(second);
      expect(first).toMatch(/^scrypt\$131072\$8\$1\$/);
    });
  });

  describe('verify', () => {
    it('should accept the right password and refuse a wrong one', async () => {
      const stored = await sut.hash('correct horse battery');

      await expect(sut.verify('correct horse battery', stored)).resolves.toBe(true);
      await expect(sut.verify('correct horse battery!', stored)).resolves.toBe(false);
    });

    it('should refuse a malformed stored hash', async () => {
      await expect(sut.verify('x', 'plain-text')).resolves.toBe(false);
    });
  });
});
