import { isIPv4 } from 'node:net';
import { ADDRESS_PRESETS, AddressList } from '@switchyard/config';
import { embeddedIPv4 } from './embedded-ipv4';

export interface EgressPolicyOptions {
  /** When not empty, the only addresses datasources may reach (DATASOURCE_HOST_ALLOW). */
  allow: AddressList;
  /** Refused on top of the built-in refusals, whatever ALLOW says (DATASOURCE_HOST_DENY). */
  deny: AddressList;
  /** The embedded, single-user profile reaches databases on its own machine. */
  loopbackAllowed: boolean;
}

export type EgressRefusal =
  { kind: 'built-in'; category: string } | { kind: 'denied' } | { kind: 'not-allowed' } | { kind: 'metadata-name' };

/** Ranges no datasource may reach unless ALLOW names them explicitly: they lead back into the node or its cloud. */
const BUILT_IN_REFUSALS: ReadonlyArray<{ category: string; ranges: readonly string[] }> = [
  { category: 'unspecified', ranges: ['0.0.0.0/8', '::/128'] },
  { category: 'loopback', ranges: ADDRESS_PRESETS.loopback! },
  { category: 'link-local', ranges: ADDRESS_PRESETS.linklocal! },
  { category: 'multicast', ranges: ['224.0.0.0/4', 'ff00::/8'] },
  { category: 'broadcast or reserved', ranges: ['240.0.0.0/4'] },
  // Metadata services outside link-local: AWS over IPv6 (inside fc00::/7), Alibaba Cloud, Oracle Cloud.
  { category: 'cloud metadata', ranges: ['fd00:ec2::254/128', '100.100.100.200/32', '192.0.0.192/32'] },
];

/** Names of metadata services that resolve only inside their cloud, refused before any lookup. */
const METADATA_NAMES = ['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal'];

interface Range {
  network: string;
  prefix: number;
  list: AddressList;
}

interface RefusedRange extends Range {
  category: string;
  /** The ALLOW entries lying inside this range: only they may re-open it. */
  reopenedBy: AddressList | null;
}

function rangeOf(entry: string): Range {
  const [network, prefix] = entry.split('/') as [string, string | undefined];
  const bits = prefix === undefined ? (isIPv4(network) ? 32 : 128) : Number(prefix);
  return { network, prefix: bits, list: AddressList.of([entry]) };
}

const expand = (entries: readonly string[]): string[] => entries.flatMap((entry) => ADDRESS_PRESETS[entry] ?? [entry]);

// An ALLOW entry re-opens a refused range only from inside it (127.0.0.1 or `loopback`, never 0.0.0.0/0),
// so a broad "allow everything" cannot silently reach the metadata service.
function lies(inner: Range, outer: Range): boolean {
  return isIPv4(inner.network) === isIPv4(outer.network) && inner.prefix >= outer.prefix && outer.list.has(inner.network);
}

/** Decides which addresses and names a datasource may point at. Pure: resolving names is the caller's job. */
export class EgressPolicy {
  private readonly refused: RefusedRange[];

  constructor(private readonly options: EgressPolicyOptions) {
    const allowed = expand(options.allow.entries).map(rangeOf);
    this.refused = BUILT_IN_REFUSALS.filter(({ category }) => !(category === 'loopback' && options.loopbackAllowed)).flatMap(
      ({ category, ranges }) =>
        ranges.map((entry) => {
          const range = rangeOf(entry);
          const inside = allowed
            .filter((candidate) => lies(candidate, range))
            .map((candidate) => `${candidate.network}/${candidate.prefix}`);
          return { ...range, category, reopenedBy: inside.length > 0 ? AddressList.of(inside) : null };
        }),
    );
  }

  /** A refusal for a host name itself (before resolving it), or undefined. */
  refusalOfName(host: string): EgressRefusal | undefined {
    const name = host.toLowerCase().replace(/\.$/, '');
    const metadata = METADATA_NAMES.some((known) => name === known || name.endsWith(`.${known}`));
    return metadata ? { kind: 'metadata-name' } : undefined;
  }

  /** A refusal for one address a host is or resolves to, or undefined when a datasource may reach it. */
  refusalOfAddress(address: string): EgressRefusal | undefined {
    const embedded = embeddedIPv4(address);
    // The IPv4 address inside a mapped, NAT64 or 6to4 address is where packets end up: refused like itself.
    for (const candidate of embedded ? [address, embedded] : [address]) {
      if (this.options.deny.has(candidate)) return { kind: 'denied' };
      const range = this.refused.find((refused) => refused.list.has(candidate));
      if (range && !range.reopenedBy?.has(candidate)) return { kind: 'built-in', category: range.category };
    }
    if (!this.options.allow.isEmpty && !this.options.allow.has(address)) return { kind: 'not-allowed' };
    return undefined;
  }

  /** One line for the start-up log. */
  describe(): string {
    const allow = this.options.allow.isEmpty ? 'any other address' : `only ${this.options.allow.entries.join(', ')}`;
    const deny = this.options.deny.isEmpty ? 'nothing more' : this.options.deny.entries.join(', ');
    const loopback = this.options.loopbackAllowed ? 'allowed (embedded profile)' : 'refused';
    return `Datasource hosts: loopback ${loopback}; link-local, metadata, multicast and unspecified refused; also denied: ${deny}; allowed: ${allow}`;
  }
}

/** The reason a refusal gives for the host field, without echoing what a name resolved to. */
export function refusalReason(refusal: EgressRefusal, literal: boolean): string {
  const subject = literal ? 'host is' : 'host resolves to';
  switch (refusal.kind) {
    case 'built-in':
      return `${subject} a ${refusal.category} address, which datasources may not reach`;
    case 'denied':
      return `${subject} an address this deployment denies to datasources (DATASOURCE_HOST_DENY)`;
    case 'not-allowed':
      return `${subject} an address outside the ones this deployment allows to datasources (DATASOURCE_HOST_ALLOW)`;
    case 'metadata-name':
      return 'host is the name of a cloud metadata service, which datasources may not reach';
  }
}
