import { isIPv4, isIPv6 } from 'node:net';

/**
 * The name a per-address limit counts a client under. An IPv4 address is one client. An IPv6
 * client is its /64: one subscriber, host or VM is routinely given a whole /64 (RFC 6177, SLAAC
 * privacy addresses), so counting full IPv6 addresses would hand one client 2^64 shares of a
 * per-address cap. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, what a dual-stack listener
 * on `::` reports for IPv4 peers) is the IPv4 client it maps, not a member of `::/64`. A
 * link-local address (fe80::/10) is the exception to the /64: every host on every link has
 * the same prefix there, so only the whole address and its zone (`fe80::1%eth0`) name one
 * client. Anything else (a Unix socket has no address: '') is its own name.
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined) return '';
  const zone = address.indexOf('%');
  const bare = zone === -1 ? address : address.slice(0, zone);
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return address;
  const groups = ipv6Groups(bare);
  if (((groups[0] ?? 0) & 0xffc0) === 0xfe80) return `${groups.map((group) => group.toString(16)).join(':')}${zone === -1 ? '' : address.slice(zone)}`;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an address `isIPv6` accepted (`::` and a dotted IPv4 tail included). */
function ipv6Groups(address: string): number[] {
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((piece) => {
          if (!piece.includes('.')) return [Number.parseInt(piece, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const gap = address.indexOf('::');
  if (gap === -1) return parse(address);
  const head = parse(address.slice(0, gap));
  const tail = parse(address.slice(gap + 2));
  return [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}
