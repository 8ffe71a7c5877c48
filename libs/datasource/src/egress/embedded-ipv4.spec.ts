import { embeddedIPv4, ipv6Bytes } from './embedded-ipv4';

describe(ipv6Bytes.name, () => {
  it('should expand compressed, full and dotted-tail IPv6 addresses to 16 bytes', () => {
    const hex = (address: string): string | undefined =>
      ipv6Bytes(address) ? Buffer.from(ipv6Bytes(address)!).toString('hex') : undefined;

    const expanded = ['::1', 'fe80::1%eth0', '2001:db8:0:0:0:0:0:7', '::ffff:192.0.2.1', '1::', 'not-an-address', '10.0.0.1'].map(hex);

    expect(expanded).toEqual([
      '00000000000000000000000000000001',
      'fe800000000000000000000000000001',
      '20010db8000000000000000000000007',
      '00000000000000000000ffffc0000201',
      '00010000000000000000000000000000',
      undefined,
      undefined,
    ]);
  });
});

describe(embeddedIPv4.name, () => {
  it('should find the IPv4 address inside mapped, compatible, NAT64 and 6to4 addresses', () => {
    const found = ['::ffff:127.0.0.1', '::ffff:7f00:1', '::a9fe:a9fe', '64:ff9b::a9fe:a9fe', '2002:a9fe:a9fe:1::5'].map(embeddedIPv4);

    expect(found).toEqual(['127.0.0.1', '127.0.0.1', '169.254.169.254', '169.254.169.254', '169.254.169.254']);
  });

  it('should find none in ::, ::1, other IPv6 addresses and IPv4 addresses', () => {
    const found = ['::', '::1', 'fe80::1', '2001:db8::1', '64:ff9b:1::a9fe:a9fe', '127.0.0.1'].map(embeddedIPv4);

    expect(found).toEqual([null, null, null, null, null, null]);
  });
});
