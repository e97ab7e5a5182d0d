import { HttpError } from './errors.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const MAX_KEY_LENGTH = 255;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** The Idempotency-Key header, validated; undefined when the request has none. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? undefined : header.trim();
  if (key === undefined || key.length === 0 || key.length > MAX_KEY_LENGTH || !PRINTABLE_ASCII.test(key)) {
    throw new HttpError(
      'INVALID_IDEMPOTENCY_KEY',
      `Idempotency-Key must be one header of 1-${MAX_KEY_LENGTH} printable ASCII characters`,
    );
  }
  return key;
}

/**
 * Keys whose first request is still running. A second request with the same key must not
 * start a second upload (it would store twice) and cannot replay an answer that does not
 * exist yet, so it gets 409. Size is bounded by the number of running ingests.
 */
export class InFlightKeys {
  readonly #keys = new Set<string>();

  acquire(key: string): void {
    if (this.#keys.has(key)) {
      throw new HttpError('IDEMPOTENCY_KEY_IN_USE', 'a request with this Idempotency-Key is still in progress', {
        headers: { 'Retry-After': '1' },
      });
    }
    this.#keys.add(key);
  }

  release(key: string): void {
    this.#keys.delete(key);
  }
}
