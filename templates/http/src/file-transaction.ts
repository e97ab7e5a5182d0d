import { randomUUID } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAll } from './file-io.js';
import { forEachLine } from './log-format.js';
import type { IngestRecord } from './record-schema.js';
import type { CommitResult, StoreTransaction, StoredAnswer } from './record-store.js';

/** What the store needs from a transaction at commit time. */
export interface TransactionSource {
  /** Each record serialised without id, in append order. */
  forEachRecord(visit: (json: string) => Promise<void>): Promise<void>;
}

export type Committer = (source: TransactionSource, answer: StoredAnswer | undefined) => Promise<CommitResult>;

/**
 * One upload's records, serialised without ids (ids are only known at commit). Small uploads
 * stay in memory; past the threshold they go to a private spool file, so a 1 GB upload costs
 * disk, not memory.
 */
export class FileTransaction implements StoreTransaction, TransactionSource {
  readonly #commit: Committer;
  readonly #spoolDir: string;
  readonly #thresholdBytes: number;
  #pending: string[] = [];
  #pendingBytes = 0;
  #spool: { handle: FileHandle; path: string; bytes: number } | undefined;
  #done = false;

  constructor(commit: Committer, spoolDir: string, thresholdBytes: number) {
    this.#commit = commit;
    this.#spoolDir = spoolDir;
    this.#thresholdBytes = thresholdBytes;
  }

  async append(batch: readonly IngestRecord[]): Promise<void> {
    if (this.#done) throw new Error('transaction is finished');
    for (const record of batch) {
      // Built by hand (a fixed field order, whatever object the caller made): this runs per record.
      const ts = record.ts === undefined ? '' : `,"ts":${JSON.stringify(record.ts)}`;
      const json = `{"type":${JSON.stringify(record.type)},"value":${JSON.stringify(record.value)}${ts}}`;
      this.#pending.push(json);
      this.#pendingBytes += json.length + 1;
    }
    if (this.#spool !== undefined || this.#pendingBytes > this.#thresholdBytes) await this.#spill();
  }

  async commit(answer?: StoredAnswer): Promise<CommitResult> {
    if (this.#done) throw new Error('transaction is finished');
    this.#done = true;
    try {
      if (this.#spool) await this.#spill();
      return await this.#commit(this, answer);
    } finally {
      await this.#release();
    }
  }

  async abort(): Promise<void> {
    this.#done = true;
    await this.#release();
  }

  async forEachRecord(visit: (json: string) => Promise<void>): Promise<void> {
    if (this.#spool === undefined) {
      for (const json of this.#pending) await visit(json);
      return;
    }
    await forEachLine(this.#spool.handle, 0, this.#spool.bytes, (line) => visit(line.text));
  }

  async #spill(): Promise<void> {
    if (this.#spool === undefined) {
      const path = join(this.#spoolDir, `${randomUUID()}.ndjson`);
      this.#spool = { handle: await open(path, 'w+'), path, bytes: 0 };
    }
    if (this.#pending.length === 0) return;
    const data = Buffer.from(`${this.#pending.join('\n')}\n`);
    this.#pending = [];
    this.#pendingBytes = 0;
    await writeAll(this.#spool.handle, data);
    this.#spool.bytes += data.length;
  }

  async #release(): Promise<void> {
    this.#pending = [];
    this.#pendingBytes = 0;
    const spool = this.#spool;
    this.#spool = undefined;
    if (spool === undefined) return;
    await spool.handle.close().catch(() => undefined);
    await rm(spool.path, { force: true });
  }
}
