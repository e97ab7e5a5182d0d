import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// Shared-secret auth for the upgrade request. To plug in a real auth provider (OIDC, session
// cookie, signed JWT), replace these two functions: the upgrade handler only asks "is this
// request allowed?" before the handshake.

/**
 * The token from `Authorization: Bearer <token>` or, for browsers (which cannot set headers
 * on a WebSocket), from the `?token=` query parameter.
 */
export function readToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  return url.searchParams.get('token') ?? undefined;
}

/**
 * Compares in constant time. Both sides are hashed first so that timingSafeEqual gets equal
 * lengths and the comparison time reveals neither the content nor the length of the secret.
 */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
