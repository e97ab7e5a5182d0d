import type { StoredAnswer } from './record-store.js';

interface Entry {
  answer: StoredAnswer;
  at: number;
  bytes: number;
}

// Map entry, object headers and the fingerprint: a rough per-answer cost besides the JSON.
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * Remembered idempotency answers, bounded by count, bytes and age. Entries arrive in commit
 * order, so the Map's insertion order is also age order: the oldest is always first, and every
 * bound evicts from the front. Bytes matter as much as count: one answer lists up to
 * maxRejected error messages, so 10 000 keys could otherwise hold 100 MB.
 */
export class AnswerIndex {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxKeys: number;
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(options: { ttlMs: number; maxKeys: number; maxBytes?: number }) {
    this.#ttlMs = options.ttlMs;
    this.#maxKeys = options.maxKeys;
    this.#maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Estimated bytes held (serialised answers plus a fixed overhead each). */
  get bytes(): number {
    return this.#bytes;
  }

  get(key: string, now: number): StoredAnswer | undefined {
    this.#evictExpired(now);
    return this.#entries.get(key)?.answer;
  }

  /** `at` is the commit time; entries already past the TTL (found during recovery) are skipped. */
  set(answer: StoredAnswer, at: number, now: number): void {
    if (now - at >= this.#ttlMs || this.#maxKeys <= 0) return;
    const bytes = answer.key.length + JSON.stringify(answer.body ?? null).length + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.#maxBytes) return;
    this.#delete(answer.key);
    this.#entries.set(answer.key, { answer, at, bytes });
    this.#bytes += bytes;
    while (this.#entries.size > this.#maxKeys || this.#bytes > this.#maxBytes) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#delete(oldest.value);
    }
    this.#evictExpired(now);
  }

  #delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  #evictExpired(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (now - entry.at < this.#ttlMs) break;
      this.#delete(key);
    }
  }
}
