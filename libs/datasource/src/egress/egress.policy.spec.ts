import { AddressList } from '@switchyard/config';
import { EgressPolicy, EgressPolicyOptions, EgressRefusal, refusalReason } from './egress.policy';

const policyWith = (options: Partial<Record<'allow' | 'deny', string[]>> & { loopbackAllowed?: boolean } = {}): EgressPolicy =>
  new EgressPolicy({
    allow: AddressList.of(options.allow ?? []),
    deny: AddressList.of(options.deny ?? []),
    loopbackAllowed: options.loopbackAllowed ?? false,
  } satisfies EgressPolicyOptions);

const verdicts = (sut: EgressPolicy, addresses: string[]): Record<string, EgressRefusal | 'allowed'> =>
  Object.fromEntries(addresses.map((address) => [address, sut.refusalOfAddress(address) ?? 'allowed']));

const builtIn = (category: string): EgressRefusal => ({ kind: 'built-in', category });

describe(EgressPolicy.name, () => {
  describe('refusalOfAddress', () => {
    it('should refuse every built-in class of address by default', () => {
      const sut = policyWith();

      const answers = verdicts(sut, [
        '127.0.0.1',
        '127.255.0.9',
        '::1',
        '0.0.0.0',
        '0.1.2.3',
        '::',
        '169.254.169.254',
        '169.254.0.1',
        'fe80::1',
        'febf::ffff',
        '224.0.0.251',
        '239.255.255.250',
        'ff02::1',
        '255.255.255.255',
        '240.0.0.1',
        'fd00:ec2::254',
        '100.100.100.200',
        '192.0.0.192',
      ]);

      expect(answers).toEqual({
        '127.0.0.1': builtIn('loopback'),
        '127.255.0.9': builtIn('loopback'),
        '::1': builtIn('loopback'),
        '0.0.0.0': builtIn('unspecified'),
        '0.1.2.3': builtIn('unspecified'),
        '::': builtIn('unspecified'),
        '169.254.169.254': builtIn('link-local'),
        '169.254.0.1': builtIn('link-local'),
        'fe80::1': builtIn('link-local'),
        'febf::ffff': builtIn('link-local'),
        '224.0.0.251': builtIn('multicast'),
        '239.255.255.250': builtIn('multicast'),
        'ff02::1': builtIn('multicast'),
        '255.255.255.255': builtIn('broadcast or reserved'),
        '240.0.0.1': builtIn('broadcast or reserved'),
        'fd00:ec2::254': builtIn('cloud metadata'),
        '100.100.100.200': builtIn('cloud metadata'),
        '192.0.0.192': builtIn('cloud metadata'),
      });
    });

    it('should allow private, unique-local and public addresses by default', () => {
      const sut = policyWith();

      const answers = verdicts(sut, [
        '10.0.0.12',
        '172.16.5.4',
        '172.31.255.254',
        '192.168.1.20',
        'fd12:3456::7',
        'fc00::1',
        '203.0.113.9',
        '2001:db8::1',
        '100.64.0.1',
      ]);

      expect(Object.values(answers)).toEqual(Array(9).fill('allowed'));
    });

    it('should refuse the IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms of a refused IPv4 address', () => {
      const sut = policyWith();

      const answers = verdicts(sut, [
        '::ffff:127.0.0.1',
        '::ffff:7f00:1',
        '::FFFF:169.254.169.254',
        '::ffff:a9fe:a9fe',
        '::ffff:0.0.0.0',
        '::127.0.0.1',
        '64:ff9b::a9fe:a9fe',
        '64:ff9b::127.0.0.1',
        '2002:7f00:1::1',
        '2002:a9fe:a9fe::',
      ]);

      expect(answers).toEqual({
        '::ffff:127.0.0.1': builtIn('loopback'),
        '::ffff:7f00:1': builtIn('loopback'),
        '::FFFF:169.254.169.254': builtIn('link-local'),
        '::ffff:a9fe:a9fe': builtIn('link-local'),
        '::ffff:0.0.0.0': builtIn('unspecified'),
        '::127.0.0.1': builtIn('loopback'),
        '64:ff9b::a9fe:a9fe': builtIn('link-local'),
        '64:ff9b::127.0.0.1': builtIn('loopback'),
        '2002:7f00:1::1': builtIn('loopback'),
        '2002:a9fe:a9fe::': builtIn('link-local'),
      });
    });

    it('should allow the mapped and translated forms of an allowed address', () => {
      const sut = policyWith();

      const answers = verdicts(sut, ['::ffff:10.0.0.1', '64:ff9b::10.1.2.3', '2002:c0a8:101::1']);

      expect(Object.values(answers)).toEqual(['allowed', 'allowed', 'allowed']);
    });

    it('should refuse what DENY lists on top of the built-in refusals, addresses, CIDRs and presets alike', () => {
      const sut = policyWith({ deny: ['10.0.0.0/8', '192.168.7.7', 'fd00::/8', 'uniquelocal'] });

      const answers = verdicts(sut, [
        '10.9.9.9',
        '::ffff:10.9.9.9',
        '64:ff9b::10.9.9.9',
        '192.168.7.7',
        '172.20.0.1',
        'fd12::1',
        '203.0.113.9',
        '127.0.0.1',
      ]);

      expect(answers).toEqual({
        '10.9.9.9': { kind: 'denied' },
        '::ffff:10.9.9.9': { kind: 'denied' },
        '64:ff9b::10.9.9.9': { kind: 'denied' },
        '192.168.7.7': { kind: 'denied' },
        '172.20.0.1': { kind: 'denied' },
        'fd12::1': { kind: 'denied' },
        '203.0.113.9': 'allowed',
        '127.0.0.1': builtIn('loopback'),
      });
    });

    it('should allow only what a non-empty ALLOW lists', () => {
      const sut = policyWith({ allow: ['10.20.0.0/16', '2001:db8:1::/48'] });

      const answers = verdicts(sut, ['10.20.3.4', '::ffff:10.20.3.4', '10.21.0.1', '192.168.1.1', '2001:db8:1::9', '2001:db8:2::9']);

      expect(answers).toEqual({
        '10.20.3.4': 'allowed',
        '::ffff:10.20.3.4': 'allowed',
        '10.21.0.1': { kind: 'not-allowed' },
        '192.168.1.1': { kind: 'not-allowed' },
        '2001:db8:1::9': 'allowed',
        '2001:db8:2::9': { kind: 'not-allowed' },
      });
    });

    it('should let an ALLOW entry inside a refused range re-open exactly that part', () => {
      const sut = policyWith({ allow: ['loopback', '169.254.10.0/24', '10.0.0.0/8'] });

      const answers = verdicts(sut, ['127.0.0.1', '::1', '::ffff:127.0.0.1', '169.254.10.5', '169.254.169.254', '10.1.1.1', '192.168.0.1']);

      expect(answers).toEqual({
        '127.0.0.1': 'allowed',
        '::1': 'allowed',
        '::ffff:127.0.0.1': 'allowed',
        '169.254.10.5': 'allowed',
        '169.254.169.254': builtIn('link-local'),
        '10.1.1.1': 'allowed',
        '192.168.0.1': { kind: 'not-allowed' },
      });
    });

    it('should not let a broad ALLOW entry re-open a built-in refusal', () => {
      const sut = policyWith({ allow: ['0.0.0.0/0', '::/0'] });

      const answers = verdicts(sut, [
        '127.0.0.1',
        '169.254.169.254',
        '::1',
        'fe80::1',
        'fd00:ec2::254',
        '::ffff:169.254.169.254',
        '203.0.113.9',
      ]);

      expect(answers).toEqual({
        '127.0.0.1': builtIn('loopback'),
        '169.254.169.254': builtIn('link-local'),
        '::1': builtIn('loopback'),
        'fe80::1': builtIn('link-local'),
        'fd00:ec2::254': builtIn('cloud metadata'),
        '::ffff:169.254.169.254': builtIn('link-local'),
        '203.0.113.9': 'allowed',
      });
    });

    it('should keep DENY above an ALLOW entry for the same address', () => {
      const sut = policyWith({ allow: ['127.0.0.1', '10.0.0.0/8'], deny: ['127.0.0.0/8', '10.1.0.0/16'] });

      const answers = verdicts(sut, ['127.0.0.1', '10.1.2.3', '10.2.0.1']);

      expect(answers).toEqual({ '127.0.0.1': { kind: 'denied' }, '10.1.2.3': { kind: 'denied' }, '10.2.0.1': 'allowed' });
    });

    it('should allow loopback when the profile allows it, and nothing else of the built-in refusals', () => {
      const sut = policyWith({ loopbackAllowed: true });

      const answers = verdicts(sut, ['127.0.0.1', '::1', '::ffff:127.0.0.1', '169.254.169.254', '0.0.0.0']);

      expect(answers).toEqual({
        '127.0.0.1': 'allowed',
        '::1': 'allowed',
        '::ffff:127.0.0.1': 'allowed',
        '169.254.169.254': builtIn('link-local'),
        '0.0.0.0': builtIn('unspecified'),
      });
    });

    it('should still refuse loopback in that profile when DENY names it', () => {
      const sut = policyWith({ loopbackAllowed: true, deny: ['loopback'] });

      const answer = sut.refusalOfAddress('127.0.0.1');

      expect(answer).toEqual({ kind: 'denied' });
    });
  });

  describe('refusalOfName', () => {
    it('should refuse cloud metadata names in any case, with a trailing dot or as a parent domain', () => {
      const sut = policyWith();

      const answers = [
        'metadata.google.internal',
        'METADATA.Google.Internal.',
        'metadata',
        'metadata.goog',
        'instance-data',
        'x.metadata.google.internal',
      ].map((name) => sut.refusalOfName(name));

      expect(answers).toEqual(Array(6).fill({ kind: 'metadata-name' }));
    });

    it('should leave other names to their addresses', () => {
      const sut = policyWith();

      const answers = ['localhost', 'metadata-db.internal', 'orders.metadata.example.com', '10.0.0.1'].map((name) =>
        sut.refusalOfName(name),
      );

      expect(answers).toEqual([undefined, undefined, undefined, undefined]);
    });
  });

  describe('describe', () => {
    it('should say what is refused and allowed in one line', () => {
      const sut = policyWith({ allow: ['10.0.0.0/8'], deny: ['10.9.0.0/16'] });

      const line = sut.describe();

      expect(line).toBe(
        'Datasource hosts: loopback refused; link-local, metadata, multicast and unspecified refused; also denied: 10.9.0.0/16; allowed: only 10.0.0.0/8',
      );
    });
  });
});

describe(refusalReason.name, () => {
  it('should say whether the host is or resolves to the refused address, without naming the address', () => {
    const reasons = [
      refusalReason(builtIn('loopback'), true),
      refusalReason(builtIn('link-local'), false),
      refusalReason({ kind: 'denied' }, false),
      refusalReason({ kind: 'not-allowed' }, true),
      refusalReason({ kind: 'metadata-name' }, false),
    ];

    expect(reasons).toEqual([
      'host is a loopback address, which datasources may not reach',
      'host resolves to a link-local address, which datasources may not reach',
      'host resolves to an address this deployment denies to datasources (DATASOURCE_HOST_DENY)',
      'host is an address outside the ones this deployment allows to datasources (DATASOURCE_HOST_ALLOW)',
      'host is the name of a cloud metadata service, which datasources may not reach',
    ]);
  });
});
