import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressKey } from '../src/address-key.js';

describe('addressKey: what a per-address cap counts', () => {
  it('counts every address of one IPv6 /64 as one client, however it is written', () => {
    const oneClient = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002:a:b:c:d', '2001:DB8:1:2::abcd', '2001:db8:1:2:0:0:1.2.3.4'];
    expect(new Set(oneClient.map(addressKey))).toEqual(new Set(['2001:db8:1:2::/64']));
  });

  it('keeps clients of different /64s apart', () => {
    const keys = ['2001:db8:1:2::1', '2001:db8:1:3::1', '2001:db8:2:2::1', '2001:db9:1:2::1'].map(addressKey);
    expect(new Set(keys).size).toBe(4);
  });

  it('counts an IPv4 address alone, and the same as its IPv4-mapped IPv6 form (a dual-stack listener)', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::FFFF:c000:0201')).toBe('192.0.2.1');
    // Mapped addresses all lie in ::/64: a naive /64 would make every IPv4 client one.
    expect(addressKey('::ffff:192.0.2.2')).not.toBe(addressKey('::ffff:192.0.2.1'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::1')).not.toBe(addressKey('::ffff:127.0.0.1'));
  });

  it('counts a link-local address whole, with its zone (every link shares fe80::/64), and leaves what is not an IP address as it is', () => {
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0:0:0:0:1%eth0');
    expect(addressKey('FE80:0::1%eth0')).toBe(addressKey('fe80::1%eth0'));
    expect(new Set(['fe80::1%eth0', 'fe80::2%eth0', 'fe80::1%eth1', 'febf::1'].map(addressKey)).size).toBe(4);
    expect(addressKey(undefined)).toBe('');
    expect(addressKey('')).toBe('');
    expect(addressKey('not an address')).toBe('not an address');
  });

  it('maps two random IPv6 addresses to one key exactly when their first 64 bits agree', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    const address = fc.array(group, { minLength: 8, maxLength: 8 });
    // Written in full, compressed (longest zero run as ::) or with upper-case hex.
    const write = (groups: number[], style: number): string => {
      const full = groups.map((g) => g.toString(16));
      if (style === 1) return full.join(':').toUpperCase();
      if (style === 2) return full.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
      return full.join(':');
    };
    fc.assert(
      fc.property(address, address, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.boolean(), (a, b, styleA, styleB, samePrefix) => {
        if (samePrefix) b.splice(0, 4, ...a.slice(0, 4));
        // IPv4-mapped addresses have their own rule (above).
        const mapped = (g: number[]): boolean => g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
        // So are link-local ones (fe80::/10, above).
        const linkLocal = (g: number[]): boolean => ((g[0] ?? 0) & 0xffc0) === 0xfe80;
        fc.pre(!mapped(a) && !mapped(b) && !linkLocal(a) && !linkLocal(b));
        const same = a.slice(0, 4).every((g, i) => g === b[i]);
        expect(addressKey(write(a, styleA)) === addressKey(write(b, styleB))).toBe(same);
      }),
      { numRuns: 1000, seed: 20261203 },
    );
  });
});
