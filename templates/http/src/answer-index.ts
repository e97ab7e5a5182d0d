import type { StoredAnswer } from './record-store.js';

interface Entry {
  answer: StoredAnswer;
  at: number;
}

/**
 * Remembered idempotency answers, bounded by count and age. Entries arrive in commit order,
 * so the Map's insertion order is also age order: the oldest is always first, and both
 * bounds evict from the front.
 */
export class AnswerIndex {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxKeys: number;

  constructor(options: { ttlMs: number; maxKeys: number }) {
    this.#ttlMs = options.ttlMs;
    this.#maxKeys = options.maxKeys;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, now: number): StoredAnswer | undefined {
    this.#evictExpired(now);
    return this.#entries.get(key)?.answer;
  }

  /** `at` is the commit time; entries already past the TTL (found during recovery) are skipped. */
  set(answer: StoredAnswer, at: number, now: number): void {
    if (now - at >= this.#ttlMs || this.#maxKeys <= 0) return;
    this.#entries.delete(answer.key);
    this.#entries.set(answer.key, { answer, at });
    while (this.#entries.size > this.#maxKeys) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    this.#evictExpired(now);
  }

  #evictExpired(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (now - entry.at < this.#ttlMs) break;
      this.#entries.delete(key);
    }
  }
}
