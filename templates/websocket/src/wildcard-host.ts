import { isIP } from 'node:net';

// "Listen on every interface" has many spellings: 0.0.0.0 and :: but also 0, 0.0, 0x0 (the
// resolver reads numeric IPv4 shorthand), ::0 and 0:0:0:0:0:0:0:0. A string match on two of
// them let the others bind every interface without the DNS-rebinding guard, so the address is
// normalised first, by the WHATWG URL parser (the same numeric IPv4 rules as inet_aton).

/** True when listening on `host` means every interface (an unspecified address, or ''). */
export function isWildcardHost(host: string): boolean {
  const trimmed = host.trim();
  if (trimmed === '') return true;
  const literal = isIP(trimmed) === 6 ? `[${trimmed}]` : trimmed;
  try {
    const { hostname } = new URL(`http://${literal}/`);
    return hostname === '0.0.0.0' || hostname === '[::]';
  } catch {
    return false;
  }
}
