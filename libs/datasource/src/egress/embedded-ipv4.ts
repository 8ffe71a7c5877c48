import { isIPv6 } from 'node:net';

/** The 16 bytes of an IPv6 address, or null when the text is not one. */
export function ipv6Bytes(address: string): Uint8Array | null {
  const bare = address.replace(/%.*$/, '');
  if (!isIPv6(bare)) return null;
  // A trailing dotted quad (::ffff:127.0.0.1) becomes the two hex groups it stands for.
  const text = bare.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_match, a, b, c, d) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((group) => group.toString(16)).join(':'),
  );
  const [head = '', tail] = text.split('::');
  const groupsOf = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

const dotted = (bytes: Uint8Array, from: number): string => [...bytes.subarray(from, from + 4)].join('.');
const zeros = (bytes: Uint8Array, from: number, to: number): boolean => bytes.subarray(from, to).every((byte) => byte === 0);

/**
 * The IPv4 address an IPv6 address carries and reaches through translation: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::). Null for any other address.
 */
export function embeddedIPv4(address: string): string | null {
  const bytes = ipv6Bytes(address);
  if (!bytes) return null;
  if (zeros(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return dotted(bytes, 12);
  // :: and ::1 are themselves (unspecified and loopback), not IPv4-compatible addresses.
  if (zeros(bytes, 0, 12) && bytes[12] !== 0) return dotted(bytes, 12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(bytes, 4, 12)) return dotted(bytes, 12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return dotted(bytes, 2);
  return null;
}
