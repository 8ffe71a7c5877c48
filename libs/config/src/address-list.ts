import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { registerDecorator } from 'class-validator';

/** Named address ranges an operator can write instead of CIDRs (the names proxy-addr and Express use). */
export const ADDRESS_PRESETS: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** A set of IP addresses and CIDR ranges, matched the same for an IPv4 address and its IPv4-mapped IPv6 form. */
export class AddressList {
  private readonly blocks = new BlockList();

  private constructor(readonly entries: readonly string[]) {
    for (const entry of entries) addEntry(this.blocks, entry);
  }

  /** The list, or a message naming each entry that is neither an address, a CIDR nor a preset. */
  static parse(entries: readonly string[]): AddressList | string {
    const bad = entries.filter((entry) => entryProblem(entry) !== undefined);
    if (bad.length > 0) return bad.map((entry) => `"${entry}" ${entryProblem(entry)}`).join('; ');
    return new AddressList(entries);
  }

  static of(entries: readonly string[]): AddressList {
    const list = AddressList.parse(entries);
    if (typeof list === 'string') throw new Error(list);
    return list;
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  has(address: string): boolean {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return this.blocks.check(mapped[1] as string, 'ipv4');
    if (isIPv4(address)) return this.blocks.check(address, 'ipv4');
    if (isIPv6(address)) return this.blocks.check(address, 'ipv6');
    return false;
  }
}

function entryProblem(entry: string): string | undefined {
  if (entry in ADDRESS_PRESETS) return undefined;
  const [address, prefix, extra] = entry.split('/');
  if (extra !== undefined || address === undefined) return 'is not an address, a CIDR or a preset';
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
  if (family === 0) return `is not an address, a CIDR or one of ${Object.keys(ADDRESS_PRESETS).join(', ')}`;
  if (prefix === undefined) return undefined;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128) ? undefined : `has a prefix length outside 0-${family === 4 ? 32 : 128}`;
}

function addEntry(blocks: BlockList, entry: string): void {
  const preset = ADDRESS_PRESETS[entry];
  if (preset) {
    for (const range of preset) addEntry(blocks, range);
    return;
  }
  const [address, prefix] = entry.split('/') as [string, string | undefined];
  const type = isIPv4(address) ? 'ipv4' : 'ipv6';
  if (prefix === undefined) blocks.addAddress(address, type);
  else blocks.addSubnet(address, Number(prefix), type);
}

/** An EnvList of addresses, CIDRs and presets; every bad entry is named at start-up. */
export function IsAddressList(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAddressList',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.every((entry) => typeof entry === 'string') && typeof AddressList.parse(value) !== 'string',
        defaultMessage: (args) => {
          const value = args?.value as unknown;
          if (!Array.isArray(value)) return 'must be a comma-separated list of addresses, CIDRs or presets';
          const problem = AddressList.parse(value.map(String));
          return typeof problem === 'string' ? problem : 'is invalid';
        },
      },
    });
}
