import type { IncomingMessage } from 'node:http';

// Browsers send an Origin header with every WebSocket handshake and, unlike fetch, apply no
// CORS to it: without this check any web page a user visits could open a socket to the chat
// with the user's cookies (cross-site WebSocket hijacking). Clients that send no Origin
// (servers, CLIs) are not browsers and are let through; guard them with AUTH_TOKEN.

/** A list of exact origins, or a predicate for anything fancier (preview deploys, ...). */
export type OriginPolicy = readonly string[] | ((origin: string, req: IncomingMessage) => boolean);

/** `https://Chat.Example.com:443/` -> `https://chat.example.com`; throws on anything else. */
export function normalizeOrigin(value: string): string {
  const url = new URL(value);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin === 'null') {
    throw new TypeError(`not an http(s) origin: ${value}`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new TypeError(`an origin has no path, query or credentials: ${value}`);
  }
  return url.origin;
}

function tryNormalize(value: string): string | undefined {
  try {
    return normalizeOrigin(value);
  } catch {
    return undefined;
  }
}

/** Same origin as far as the request can tell: the Origin's host:port is the Host header. */
export function isSameHost(origin: string, req: IncomingMessage): boolean {
  return new URL(origin).host === req.headers.host?.toLowerCase();
}

/**
 * Builds the check for one policy. Undefined policy: same origin, i.e. the Origin's host:port
 * equals the Host header of the request (the page and the socket come from one server).
 */
export function createOriginCheck(
  policy: OriginPolicy | undefined,
): (origin: string | undefined, req: IncomingMessage) => boolean {
  if (typeof policy === 'function') {
    return (origin, req) => {
      if (origin === undefined) return true;
      const normalized = tryNormalize(origin);
      return normalized !== undefined && policy(normalized, req);
    };
  }
  if (policy === undefined) {
    return (origin, req) => {
      if (origin === undefined) return true;
      const normalized = tryNormalize(origin);
      return normalized !== undefined && isSameHost(normalized, req);
    };
  }
  const allowed = new Set(policy.map(normalizeOrigin));
  return (origin) => {
    if (origin === undefined) return true;
    const normalized = tryNormalize(origin);
    return normalized !== undefined && allowed.has(normalized);
  };
}
