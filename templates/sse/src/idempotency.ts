import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';

/**
 * A publish's `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header) and a digest of
 * what the request asked for. A publisher that got no answer (a timeout, a dropped connection,
 * a 503 after Redis may have stored the events) sends the same request again with the same
 * key, and is answered as the first time instead of publishing twice.
 */
export interface IdempotencyClaim {
  readonly key: string;
  readonly fingerprint: string;
}

/** 1 to 255 visible ASCII characters: a UUID, a message id, a hash. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The request's Idempotency-Key, or undefined when it sent none. The draft defines the value
 * as a structured-field string (`"..."`); the bare form most APIs take is accepted too.
 */
export function readIdempotencyKey(req: IncomingMessage): string | undefined {
  const header = req.headers['idempotency-key'];
  if (header === undefined) return undefined;
  let value = (Array.isArray(header) ? header.join(', ') : header).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (!KEY_PATTERN.test(value)) {
    throw new HttpError('invalid_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters (no spaces), sent once.');
  }
  return value;
}

/** The digest of a parsed publish request: the same events, in the same form (one or a batch). */
export function fingerprintOf(batch: boolean, requests: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify([batch, requests])).digest('base64url');
}

interface Remembered {
  readonly fingerprint: string;
  readonly body: unknown;
  readonly expiresAt: number;
}

/**
 * In-process mode's memory of answered keys: the answer given, for `ttlMs`, and at most
 * `maxKeys` of them (the oldest forgotten first), so a flood of distinct keys cannot grow it
 * without bound. Publishing is synchronous in this mode, so check, publish and remember happen
 * in one turn: two requests with one key cannot both publish.
 */
export class IdempotencyMemory {
  /** Insertion order is expiry order: every entry lives the same ttlMs. */
  private readonly entries = new Map<string, Remembered>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The answer given to this key, if it is still remembered. */
  recall(key: string): { fingerprint: string; body: unknown } | undefined {
    this.forgetExpired();
    return this.entries.get(key);
  }

  remember(key: string, fingerprint: string, body: unknown): void {
    this.forgetExpired();
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, body, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [key, { expiresAt }] of this.entries) {
      if (expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
