import { appendFile, open, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore, LOG_FILE, type FileStoreOptions } from '../src/file-store.js';
import type { IngestRecord } from '../src/record-schema.js';
import { tempDir } from './helpers.js';

const records = (count: number, type = 't'): IngestRecord[] =>
  Array.from({ length: count }, (_, index) => ({ type, value: index }));

async function openStore(dataDir: string, options: Partial<FileStoreOptions> = {}): Promise<FileStore> {
  const store = new FileStore({ dataDir, idempotencyTtlMs: 60_000, idempotencyMaxKeys: 100, ...options });
  await store.open();
  return store;
}

async function store(target: FileStore, batch: IngestRecord[], key?: string) {
  const transaction = await target.begin();
  await transaction.append(batch);
  return transaction.commit(key === undefined ? undefined : { key, status: 202, body: { accepted: batch.length } });
}

describe('FileStore', () => {
  it('gives records increasing ids and pages through them with a cursor', async () => {
    const dataDir = await tempDir();
    const target = await openStore(dataDir, { indexInterval: 3 });
    expect(await store(target, records(4))).toEqual({ firstId: 1, lastId: 4 });
    expect(await store(target, records(6))).toEqual({ firstId: 5, lastId: 10 });
    const page = await target.readAfter(2, 5);
    expect(page.records.map((record) => record.id)).toEqual([3, 4, 5, 6, 7]);
    expect(page.lastId).toBe(10);
    expect((await target.readAfter(7, 100)).records.map((record) => record.id)).toEqual([8, 9, 10]);
    expect((await target.readAfter(10, 100)).records).toEqual([]);
    await target.close();
  });

  it('creates a missing DATA_DIR, parents included', async () => {
    const dataDir = join(await tempDir(), 'not', 'yet');
    const target = await openStore(dataDir);
    expect(await store(target, records(1))).toEqual({ firstId: 1, lastId: 1 });
    await target.close();
    expect((await stat(join(dataDir, LOG_FILE))).size).toBeGreaterThan(0);
  });

  it('keeps nothing from an aborted transaction', async () => {
    const target = await openStore(await tempDir());
    const transaction = await target.begin();
    await transaction.append(records(3));
    await transaction.abort();
    expect(await store(target, records(1))).toEqual({ firstId: 1, lastId: 1 });
    await target.close();
  });

  it('spills a large transaction to a spool file and removes it after commit', async () => {
    const dataDir = await tempDir();
    const target = await openStore(dataDir, { spoolThresholdBytes: 100 });
    const transaction = await target.begin();
    for (let batch = 0; batch < 5; batch += 1) await transaction.append(records(20, `batch-${batch}`));
    expect(await readdir(join(dataDir, 'spool'))).toHaveLength(1);
    expect(await transaction.commit()).toEqual({ firstId: 1, lastId: 100 });
    expect(await readdir(join(dataDir, 'spool'))).toEqual([]);
    const page = await target.readAfter(95, 10);
    expect(page.records.map((record) => `${record.id}:${record.type}`)).toEqual(
      ['96', '97', '98', '99', '100'].map((id) => `${id}:batch-4`),
    );
    await target.close();
  });

  it('recovers ids and idempotency answers after a restart', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await store(first, records(2), 'key-1');
    await store(first, records(3));
    await first.close();

    const second = await openStore(dataDir);
    expect(second.recovery).toEqual({ lastId: 5, discardedBytes: 0 });
    expect(await second.findAnswer('key-1')).toEqual({ key: 'key-1', status: 202, body: { accepted: 2 } });
    expect(await store(second, records(1))).toEqual({ firstId: 6, lastId: 6 });
    await second.close();
  });

  it('ignores a torn final line left by a crash, and truncates it', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await store(first, records(2));
    await first.close();
    const path = join(dataDir, LOG_FILE);
    const committedSize = (await stat(path)).size;
    const torn = '{"id":3,"type":"t","val';
    await appendFile(path, torn);

    const second = await openStore(dataDir);
    expect(second.recovery).toEqual({ lastId: 2, discardedBytes: torn.length });
    expect((await stat(path)).size).toBe(committedSize);
    expect(await store(second, records(1))).toEqual({ firstId: 3, lastId: 3 });
    expect((await second.readAfter(0, 10)).records.map((record) => record.id)).toEqual([1, 2, 3]);
    await second.close();
  });

  it('drops records whose commit line never made it to disk', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await store(first, records(1));
    await first.close();
    // A crash between writing the records and the commit line that carries the key.
    await appendFile(join(dataDir, LOG_FILE), '{"id":2,"type":"t","value":1}\n{"id":3,"type":"t","value":2}\n');

    const second = await openStore(dataDir);
    expect(second.recovery?.lastId).toBe(1);
    expect((await second.readAfter(0, 10)).records).toHaveLength(1);
    await second.close();
  });

  it('refuses (does not cut) a last commit with a hole before its intact commit line, naming the byte to cut at', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await store(first, records(1));
    await first.close();
    const path = join(dataDir, LOG_FILE);
    const committedSize = (await stat(path)).size;
    // Commit 2's pages reached the disk out of order: its commit line did, its first record
    // did not (a hole reads back as zeros). Recovery cannot tell this from damage to an
    // acknowledged commit, so a person decides.
    const second = '{"id":2,"type":"t","value":0}\n{"id":3,"type":"t","value":1}\n{"commit":{"lastId":3,"count":2,"at":1}}\n';
    await appendFile(path, Buffer.concat([Buffer.alloc(30), Buffer.from(second.slice(30))]));

    await expect(openStore(dataDir)).rejects.toThrow(new RegExp(`commit line is intact.*cut it by hand at byte ${committedSize}`));
    expect((await stat(path)).size).toBe(committedSize + second.length);
  });

  it('refuses to open a log damaged before more than one later commit', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await store(first, records(1));
    await first.close();
    const path = join(dataDir, LOG_FILE);
    const text = await readFile(path, 'utf8');
    const renumbered = (id: number) => text.replace('"id":1', `"id":${id}`).replace('"lastId":1', `"lastId":${id}`);
    await appendFile(path, `garbage\n${renumbered(2)}${renumbered(3)}`);
    await expect(openStore(dataDir)).rejects.toThrow(/line 3 \(byte \d+\) is neither a record nor a commit for id 1, and later commits follow it/);
  });

  it('does not recover answers older than the TTL', async () => {
    const dataDir = await tempDir();
    let now = 1_000_000;
    const first = await openStore(dataDir, { now: () => now });
    await store(first, records(1), 'old-key');
    await first.close();
    now += 60_000;
    const second = await openStore(dataDir, { now: () => now });
    expect(await second.findAnswer('old-key')).toBeUndefined();
    await second.close();
  });

  it('refuses to open a log whose committed record has zeroed bytes, when a later commit follows', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await store(first, records(3, 'first'));
    await store(first, records(2, 'second'));
    await first.close();
    const path = join(dataDir, LOG_FILE);
    await zeroBytes(path, (await readFile(path, 'utf8')).indexOf('"first"') + 2, 3);
    await expect(openStore(dataDir)).rejects.toThrow(/the commit of ids 1-3 \(line 4\) fails its checksum, and later commits follow it/);
  });

  it('refuses to open a log whose LAST commit fails its checksum while its commit line is intact (never cuts it)', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await store(first, records(1));
    const committedSize = (await stat(join(dataDir, LOG_FILE))).size;
    await store(first, records(2, 'last'), 'last-key');
    await first.close();
    const path = join(dataDir, LOG_FILE);
    const before = await readFile(path);
    await zeroBytes(path, before.indexOf('"last"') + 2, 2);

    await expect(openStore(dataDir)).rejects.toThrow(
      new RegExp(`the commit of ids 2-3 \\(line 5\\) fails its checksum, but its commit line is intact.*cut it by hand at byte ${committedSize}`),
    );
    // Nothing was cut: the acknowledged commit and its answer are still on disk.
    expect((await stat(path)).size).toBe(before.length);
    expect(await readFile(path, 'utf8')).toContain('last-key');
  });

  it('refuses to open a log whose last commit has a flipped byte that keeps the JSON valid', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await store(first, records(1), 'k1');
    await store(first, records(1, 'flip'), 'k2');
    await first.close();
    const path = join(dataDir, LOG_FILE);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"flip"', '"flop"'));
    await expect(openStore(dataDir)).rejects.toThrow(/commit of ids 2-2 \(line 4\) fails its checksum, but its commit line is intact/);
  });

  it('refuses to open a log whose last commit holds a garbage line before its intact commit line', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await store(first, records(1));
    await store(first, records(2, 'last'));
    await first.close();
    const path = join(dataDir, LOG_FILE);
    const text = await readFile(path, 'utf8');
    const second = text.indexOf('{"id":2,');
    await writeFile(path, `${text.slice(0, second)}garbage${text.slice(text.indexOf('\n', second))}`);
    await expect(openStore(dataDir)).rejects.toThrow(/line 3 \(byte \d+\) is neither a record nor a commit for id 1, but its commit line is intact/);
  });

  it('treats a zero-filled tail longer than any log line as a torn tail, not a reason to stop', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await store(first, records(2));
    await first.close();
    const path = join(dataDir, LOG_FILE);
    const committedSize = (await stat(path)).size;
    // What ext4 or XFS can leave after a crash: the size grew, the data never landed.
    const zeros = 9 * 1024 * 1024;
    await appendFile(path, Buffer.alloc(zeros));

    const reopened = await openStore(dataDir);
    expect(reopened.recovery).toEqual({ lastId: 2, discardedBytes: zeros });
    expect((await stat(path)).size).toBe(committedSize);
    expect(await store(reopened, records(1))).toEqual({ firstId: 3, lastId: 3 });
    await reopened.close();
  });

  it('a line damaged after start-up fails the reads that reach it, reports the problem, and spares the pages after it', async () => {
    const dataDir = await tempDir();
    const target = await openStore(dataDir, { indexInterval: 2 });
    await store(target, records(6));
    const path = join(dataDir, LOG_FILE);
    const text = await readFile(path, 'utf8');
    await zeroBytes(path, text.indexOf('{"id":2,') + 10, 4);
    expect(target.problem()).toBeUndefined();

    await expect(target.readAfter(0, 10)).rejects.toThrow(/record 2 \(before byte \d+\) is unreadable/);
    expect(target.problem()).toMatch(/damaged after start-up/);
    expect((await target.readAfter(2, 10)).records.map((record) => record.id)).toEqual([3, 4, 5, 6]);
    await target.close();
  });
});

/** Overwrites `count` bytes at `position` with zeros, as a bad sector or a lost page would. */
async function zeroBytes(path: string, position: number, count: number): Promise<void> {
  const handle = await open(path, 'r+');
  await handle.write(Buffer.alloc(count), 0, count, position);
  await handle.close();
}
