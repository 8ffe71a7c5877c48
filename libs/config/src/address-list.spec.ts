import { AddressList } from './address-list';
import { appConfig } from './app.config';
import { ConfigValidationError } from './config-validation.error';
import { validateEnvironment } from './environment.validator';

describe(AddressList.name, () => {
  describe('parse', () => {
    it('should name every entry that is not an address, a CIDR or a preset', () => {
      const problem = AddressList.parse(['10.0.0.1', 'proxy.local', '10.0.0.0/33', 'fe80::/129', 'loopback', '1.2.3.4/8/1']);

      expect(problem).toBe(
        '"proxy.local" is not an address, a CIDR or one of loopback, linklocal, uniquelocal; ' +
          '"10.0.0.0/33" has a prefix length outside 0-32; "fe80::/129" has a prefix length outside 0-128; ' +
          '"1.2.3.4/8/1" is not an address, a CIDR or a preset',
      );
    });
  });

  describe('has', () => {
    it('should match addresses, ranges and presets, in IPv4, IPv6 and IPv4-mapped form', () => {
      const sut = AddressList.of(['192.0.2.7', '198.51.100.0/24', 'loopback', '2001:db8::/32']);

      expect(
        ['192.0.2.7', '198.51.100.200', '127.8.9.10', '::1', '::ffff:198.51.100.9', '2001:db8::42'].map((address) => sut.has(address)),
      ).toEqual([true, true, true, true, true, true]);
      expect(['192.0.2.8', '198.51.101.1', '10.0.0.1', '2001:db9::1', 'not-an-address', ''].map((address) => sut.has(address))).toEqual([
        false,
        false,
        false,
        false,
        false,
        false,
      ]);
    });

    it('should match nothing when empty', () => {
      const sut = AddressList.of([]);

      expect(sut.isEmpty).toBe(true);
      expect(sut.has('127.0.0.1')).toBe(false);
    });
  });
});

describe('TRUSTED_PROXIES', () => {
  const problemsOf = (variables: Record<string, string>): readonly string[] => {
    try {
      validateEnvironment(variables, [appConfig]);
      return [];
    } catch (error) {
      return (error as ConfigValidationError).problems;
    }
  };

  it('should refuse to start naming each entry that is not an address, a CIDR or a preset', () => {
    expect(problemsOf({ TRUSTED_PROXIES: '10.0.0.1, lb.internal' }).join('\n')).toContain('"lb.internal" is not an address');
  });

  it('should trust nobody by default and the listed proxies when set', () => {
    const saved = process.env.TRUSTED_PROXIES;
    delete process.env.TRUSTED_PROXIES;
    const byDefault = appConfig.factory();
    process.env.TRUSTED_PROXIES = 'loopback, 10.1.0.0/16';
    const configured = appConfig.factory();
    if (saved === undefined) delete process.env.TRUSTED_PROXIES;
    else process.env.TRUSTED_PROXIES = saved;

    expect(byDefault.trustedProxies.isEmpty).toBe(true);
    expect([
      configured.trustedProxies.has('127.0.0.1'),
      configured.trustedProxies.has('10.1.2.3'),
      configured.trustedProxies.has('10.2.0.1'),
    ]).toEqual([true, true, false]);
  });
});
