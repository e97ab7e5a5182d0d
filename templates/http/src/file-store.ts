import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AnswerIndex } from './answer-index.js';
import { DataDirLock } from './data-dir-lock.js';
import { HttpError } from './errors.js';
import { AppendBuffer, syncCreatedDirectories, syncDirectory } from './file-io.js';
import { FileTransaction, type TransactionSource } from './file-transaction.js';
import { COMMIT_PREFIX, commitLine, forEachLine, recordId, recordLine, type CommitLine } from './log-format.js';
import { scanLog } from './log-recovery.js';
import type { StoredRecord } from './record-schema.js';
import type { CommitResult, RecordPage, RecordStore, StoreTransaction, StoredAnswer } from './record-store.js';

export interface FileStoreOptions {
  dataDir: string;
  idempotencyTtlMs: number;
  idempotencyMaxKeys: number;
  /** Bytes of remembered answers; default unbounded (the server passes IDEMPOTENCY_MAX_BYTES). */
  idempotencyMaxBytes?: number;
  /** A transaction keeps this many bytes of records in memory, then spills to a spool file. */
  spoolThresholdBytes?: number;
  /** One index entry (id -> byte offset) per this many records, so reads seek instead of scanning. */
  indexInterval?: number;
  now?: () => number;
}

/** What open() found: the last committed id, and the bytes of unfinished commits it dropped. */
export interface Recovery {
  lastId: number;
  discardedBytes: number;
}

export const LOG_FILE = 'records.ndjson';
const SPOOL_DIR = 'spool';

/**
 * The default RecordStore: an append-only NDJSON log (format in log-format.ts).
 *
 * A transaction's records and its commit line (which carries the idempotency key and answer)
 * are written in one locked append and fsync'd before commit() resolves; open() truncates
 * whatever follows the last commit line. Uploads run concurrently, each buffering (then
 * spooling) its records privately; only the final copy into the log is serialised, which is
 * what keeps ids gap-free and in commit order.
 */
export class FileStore implements RecordStore {
  readonly #dataDir: string;
  readonly #spoolDir: string;
  readonly #spoolThresholdBytes: number;
  readonly #indexInterval: number;
  readonly #now: () => number;
  readonly #answers: AnswerIndex;
  #lock: DataDirLock | undefined;
  #log: FileHandle | undefined;
  #reader: FileHandle | undefined;
  /** Bytes of committed log; readers never look past it. */
  #size = 0;
  #lastId = 0;
  /** [id, byte offset] of every indexInterval-th record, ascending. */
  #index: Array<[number, number]> = [];
  #queue: Promise<unknown> = Promise.resolve();
  #recovery: Recovery | undefined;
  /** Set when a failed commit could not be rolled back: the log must not grow past it. */
  #broken: Error | undefined;
  /** Set when a read found a committed line it cannot parse (damage after start-up). */
  #corrupt: string | undefined;

  constructor(options: FileStoreOptions) {
    this.#dataDir = options.dataDir;
    this.#spoolDir = join(options.dataDir, SPOOL_DIR);
    this.#spoolThresholdBytes = options.spoolThresholdBytes ?? 1024 * 1024;
    this.#indexInterval = options.indexInterval ?? 1024;
    this.#now = options.now ?? Date.now;
    this.#answers = new AnswerIndex({
      ttlMs: options.idempotencyTtlMs,
      maxKeys: options.idempotencyMaxKeys,
      maxBytes: options.idempotencyMaxBytes,
    });
  }

  get path(): string {
    return join(this.#dataDir, LOG_FILE);
  }

  /** Set by open(). */
  get recovery(): Recovery | undefined {
    return this.#recovery;
  }

  async open(): Promise<void> {
    if (this.#log) return;
    const created = await mkdir(this.#dataDir, { recursive: true });
    if (created !== undefined) await syncCreatedDirectories(created, this.#dataDir);
    // Before anything in the directory is touched: a second writer would delete the first's
    // spool files and interleave its appends with the first's commits.
    this.#lock = await DataDirLock.acquire(this.#dataDir);
    try {
      await mkdir(this.#spoolDir, { recursive: true });
      // Spool files belong to uploads that never committed before the last stop or crash.
      for (const name of await readdir(this.#spoolDir)) await rm(join(this.#spoolDir, name), { force: true });
      this.#log = await open(this.path, 'a');
      this.#reader = await open(this.path, 'r');
      await syncDirectory(this.#dataDir);
      this.#recovery = await this.#recover(this.#log, this.#reader);
    } catch (error) {
      await this.#closeHandles();
      throw error;
    }
  }

  async begin(): Promise<StoreTransaction> {
    this.#handles();
    return new FileTransaction(
      (source, answer) => this.#commit(source, answer),
      this.#spoolDir,
      this.#spoolThresholdBytes,
    );
  }

  async readAfter(afterId: number, limit: number): Promise<RecordPage> {
    const { reader } = this.#handles();
    // A snapshot: bytes past `end` may belong to a commit still being written.
    const lastId = this.#lastId;
    const end = this.#size;
    const records: StoredRecord[] = [];
    if (afterId >= lastId || limit <= 0) return { records, lastId };
    let expected = afterId + 1;
    await forEachLine(reader, this.#seek(afterId + 1), end, (line) => {
      const id = recordId(line.text);
      if (id === undefined) {
        if (line.text.startsWith(COMMIT_PREFIX)) return true;
        throw this.#damaged(`a line before byte ${line.end} is neither a record nor a commit`);
      }
      // By id, before parsing: a page never depends on the lines before its cursor.
      if (id < expected) return true;
      let record: StoredRecord | undefined;
      try {
        record = JSON.parse(line.text) as StoredRecord;
      } catch {
        record = undefined;
      }
      if (record?.id !== expected) throw this.#damaged(`record ${expected} (before byte ${line.end}) is unreadable`);
      records.push(record);
      expected += 1;
      return records.length < limit;
    });
    return { records, lastId };
  }

  /** Why the store cannot serve, for GET /healthz. */
  problem(): string | undefined {
    return this.#broken?.message ?? this.#corrupt;
  }

  async findAnswer(key: string): Promise<StoredAnswer | undefined> {
    return this.#answers.get(key, this.#now());
  }

  async close(): Promise<void> {
    await this.#exclusive(() => this.#closeHandles());
  }

  #damaged(what: string): Error {
    this.#corrupt = `${this.path}: ${what}; the log was damaged after start-up (disk or manual edit)`;
    return new Error(this.#corrupt);
  }

  /** Copies a transaction into the log under the lock, then fsyncs. */
  #commit(source: TransactionSource, answer: StoredAnswer | undefined): Promise<CommitResult> {
    return this.#exclusive(async () => {
      const { log } = this.#handles();
      if (this.#broken) throw this.#broken;
      const lost = await this.#lock?.lost();
      if (lost !== undefined) {
        // Sticky: even if the file came back, another writer may have appended meanwhile.
        this.#broken = new HttpError('LOCK_LOST', lost);
        console.error(lost);
        throw this.#broken;
      }
      const startSize = this.#size;
      const startId = this.#lastId;
      const out = new AppendBuffer(log);
      const newIndex: Array<[number, number]> = [];
      let id = startId;
      let at = 0;
      try {
        await source.forEachRecord(async (json) => {
          id += 1;
          if ((id - 1) % this.#indexInterval === 0) newIndex.push([id, startSize + out.bytes]);
          out.add(recordLine(id, json));
          await out.flushIfFull();
        });
        if (id === startId && answer === undefined) return { firstId: 0, lastId: 0 };
        at = this.#now();
        // Written first, so the checksum covers the record lines and nothing else.
        await out.flush();
        const commit: CommitLine = { lastId: id, count: id - startId, at, crc: out.crc };
        if (answer) {
          const { key, status, body, fingerprint, bodyBytes } = answer;
          Object.assign(commit, { key, status, body, fingerprint, bodyBytes });
        }
        out.add(commitLine(commit));
        await out.flush();
        await log.datasync();
      } catch (error) {
        // Nothing of this commit may survive; ids stay gap-free because #lastId never moved.
        try {
          await log.truncate(startSize);
        } catch (rollback) {
          // Later commits would land after bytes no commit covers, and reads would seek to
          // wrong offsets: refuse them. On restart, recovery keeps every complete commit and
          // cuts the rest.
          this.#broken = new Error(`${this.path}: a failed commit could not be rolled back; restart to recover`, {
            cause: rollback,
          });
        }
        throw error;
      }
      this.#size = startSize + out.bytes;
      this.#lastId = id;
      for (const entry of newIndex) this.#index.push(entry);
      if (answer) this.#answers.set(answer, at, at);
      return id === startId ? { firstId: 0, lastId: 0 } : { firstId: startId + 1, lastId: id };
    });
  }

  async #recover(log: FileHandle, reader: FileHandle): Promise<Recovery> {
    const now = this.#now();
    const fileSize = (await reader.stat()).size;
    const scanned = await scanLog(reader, this.path, this.#indexInterval, (commit) => {
      if (commit.key === undefined) return;
      const { key, status = 202, body, fingerprint, bodyBytes } = commit;
      this.#answers.set({ key, status, body, fingerprint, bodyBytes }, commit.at, now);
    });
    const discardedBytes = fileSize - scanned.committedEnd;
    if (discardedBytes > 0) {
      await log.truncate(scanned.committedEnd);
      await log.datasync();
    }
    this.#size = scanned.committedEnd;
    this.#lastId = scanned.lastId;
    this.#index = scanned.index;
    return { lastId: scanned.lastId, discardedBytes };
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #handles(): { log: FileHandle; reader: FileHandle } {
    if (!this.#log || !this.#reader) throw new Error('FileStore is not open');
    return { log: this.#log, reader: this.#reader };
  }

  /** Byte offset of the latest indexed record at or before `id` (0: scan from the start). */
  #seek(id: number): number {
    let low = 0;
    let high = this.#index.length - 1;
    let offset = 0;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [entryId, entryOffset] = this.#index[middle]!;
      if (entryId <= id) {
        offset = entryOffset;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return offset;
  }

  async #closeHandles(): Promise<void> {
    const handles = [this.#log, this.#reader];
    const lock = this.#lock;
    this.#log = undefined;
    this.#reader = undefined;
    this.#lock = undefined;
    for (const handle of handles) await handle?.close();
    // Last: the next writer may start as soon as the lock is free.
    await lock?.release();
  }
}
