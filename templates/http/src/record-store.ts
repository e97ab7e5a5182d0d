import type { IngestRecord, StoredRecord } from './record-schema.js';

/**
 * Where accepted records live. The default is FileStore (an fsync'd NDJSON log); to use a
 * database, implement this interface and pass it as `createServer({ store })`.
 *
 * The contract the server relies on:
 * - One upload is one transaction: its records and its idempotency answer become visible and
 *   durable together in commit(), or not at all (abort(), a crash, a failed commit).
 *   In SQL: BEGIN; INSERT the records; INSERT the key and answer; COMMIT.
 * - commit() resolves only once the data would survive a crash (the 202 is sent after it).
 * - Ids increase by one in commit order, and readAfter() never returns a record while one
 *   with a smaller id is still invisible, so a reader's cursor never skips a record.
 * - append() may be called many times per transaction; keep at most a bounded amount in
 *   memory (spill, or write to the database as you go).
 */
export interface RecordStore {
  /** Recovers state (ids, remembered answers). Called once before anything else. */
  open(): Promise<void>;
  /** Starts one upload's transaction. */
  begin(): Promise<StoreTransaction>;
  /** Committed records with id > afterId, in id order, at most `limit`. */
  readAfter(afterId: number, limit: number): Promise<RecordPage>;
  /** The answer committed with this key, if still remembered (bounded by size and TTL). */
  findAnswer(key: string): Promise<StoredAnswer | undefined>;
  /** Waits for running commits, then releases files or connections. */
  close(): Promise<void>;
  /** Why the store cannot serve (GET /healthz answers 503 with it), or undefined when healthy. */
  problem?(): string | undefined;
}

export interface StoreTransaction {
  /** Adds validated records; may apply backpressure by resolving late. */
  append(batch: readonly IngestRecord[]): Promise<void>;
  /** Makes the records (and the answer, if given) durable and visible, atomically. */
  commit(answer?: StoredAnswer): Promise<CommitResult>;
  /** Drops everything appended; safe to call after a failed commit, and more than once. */
  abort(): Promise<void>;
}

/** The first answer to an Idempotency-Key, replayed for retries with the same key. */
export interface StoredAnswer {
  key: string;
  status: number;
  body: unknown;
  /**
   * sha256 (base64url) of the first request's Content-Type and body, and the body's length:
   * a retry must send the same request, or it gets 422 (IETF Idempotency-Key draft).
   * Absent on answers stored before fingerprints existed; those replay unchecked.
   */
  fingerprint?: string;
  bodyBytes?: number;
}

export interface CommitResult {
  /** Ids given to this transaction's records; both 0 when it had none. */
  firstId: number;
  lastId: number;
}

export interface RecordPage {
  records: StoredRecord[];
  /** Highest committed id at the time of the read. */
  lastId: number;
}
