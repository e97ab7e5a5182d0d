import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// Who is talking: the `?name=` the client asks for, or a generated `guest-xxxxxx`.
// The name is a display name claimed by the client, not a verified identity: with AUTH_TOKEN
// every holder of the token may pick any name. Map a real auth provider's subject here.

export const MAX_NAME_LENGTH = 32;
const NAME_PATTERN = /^[\p{L}\p{N}_.-]+$/u;

export type IdentityResult = { ok: true; user: string } | { ok: false; message: string };

export function identify(req: IncomingMessage): IdentityResult {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const name = url.searchParams.get('name');
  if (name === null || name === '') {
    return { ok: true, user: `guest-${randomBytes(3).toString('hex')}` };
  }
  if (name.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(name)) {
    return {
      ok: false,
      message: `name must be 1-${MAX_NAME_LENGTH} letters, digits, "_", "-" or "."`,
    };
  }
  return { ok: true, user: name };
}
