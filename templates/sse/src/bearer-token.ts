import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares `Authorization: Bearer <token>` with the expected token in constant time. Both sides
 * are hashed first because timingSafeEqual needs equal lengths, and comparing lengths directly
 * would leak the token's length.
 */
export function hasBearerToken(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const given = match?.[1] ?? '';
  const equal = timingSafeEqual(digest(given), digest(expected));
  return equal && given.length > 0;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
