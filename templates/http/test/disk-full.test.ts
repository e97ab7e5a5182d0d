import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore, LOG_FILE } from '../src/file-store.js';
import type { RecordStore } from '../src/record-store.js';
import { allRecords, get, ndjson, startServer, tempDir } from './helpers.js';
import { spawnMain } from './spawn-main.js';

/** POST with a bound: before the fix these requests never got an answer. */
async function postWithin(url: string, body: string, key: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/ingest`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-ndjson', 'Idempotency-Key': key },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json() };
}

const batch = (upload: number, count: number) =>
  ndjson(Array.from({ length: count }, (_, value) => ({ type: `u${upload}`, value })));

describe('a store that fails after the body was read', () => {
  // Issue 15 review: the server took `req.destroyed` for "the client left", but Node destroys
  // every IncomingMessage once its body has been read. An error at commit (a full disk, EIO,
  // a bug) then got neither an answer nor a log line: the client waited forever.
  it('answers 500 INTERNAL and logs the error', async () => {
    const logged: unknown[] = [];
    const real = new FileStore({ dataDir: await tempDir(), idempotencyTtlMs: 60_000, idempotencyMaxKeys: 100 });
    const store: RecordStore = {
      open: () => real.open(),
      close: () => real.close(),
      readAfter: (after, limit) => real.readAfter(after, limit),
      findAnswer: (key) => real.findAnswer(key),
      async begin() {
        const transaction = await real.begin();
        return {
          append: (records) => transaction.append(records),
          abort: () => transaction.abort(),
          async commit() {
            await transaction.abort();
            throw new Error('EIO: the disk went away');
          },
        };
      },
    };
    const { url } = await startServer({ store, logError: (_, error) => logged.push(error) });
    expect(await postWithin(url, batch(1, 3), 'k1')).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL' } } });
    expect(logged).toEqual([expect.objectContaining({ message: 'EIO: the disk went away' })]);
  });
});

// RLIMIT_FSIZE is set through a POSIX shell's ulimit, which Windows does not have.
describe.skipIf(process.platform === 'win32')('a full disk (RLIMIT_FSIZE on the real server)', () => {
  it('answers 507 STORAGE_FULL, stores nothing of that upload, keeps every acknowledged record, and takes the retry later', async () => {
    const dataDir = await tempDir();
    // 64 KiB: room for a few uploads of 300 records (about 12 KiB each).
    const limited = await spawnMain({ DATA_DIR: dataDir }, [], { fileSizeLimitBytes: 64 * 1024 });
    const acknowledged: string[] = [];
    let refused: { upload: number; reply: { status: number; body: any } } | undefined;
    for (let upload = 1; upload <= 12 && refused === undefined; upload++) {
      const reply = await postWithin(limited.url, batch(upload, 300), `upload-${upload}`);
      if (reply.status === 202) acknowledged.push(`u${upload}`);
      else refused = { upload, reply };
    }
    expect(refused?.reply).toMatchObject({ status: 507, body: { error: { code: 'STORAGE_FULL' } } });
    expect(acknowledged.length).toBeGreaterThan(2);
    // The refused upload left nothing behind, the log holds only whole commits, the store still works.
    const before = await allRecords(limited.url);
    expect(before).toHaveLength(acknowledged.length * 300);
    expect(await postWithin(limited.url, batch(99, 1), 'small')).toMatchObject({ status: 202 });
    expect(await get(`${limited.url}/healthz`)).toMatchObject({ status: 200 });
    expect(limited.stderr()).toContain('disk full');
    limited.child.kill('SIGTERM');
    expect((await limited.exited).code).toBe(0);
    expect((await stat(join(dataDir, LOG_FILE))).size).toBeLessThanOrEqual(64 * 1024);

    // Room again: the same key stores the upload once, every acknowledged record is still there.
    const roomy = await spawnMain({ DATA_DIR: dataDir });
    const retry = refused!.upload;
    expect(await postWithin(roomy.url, batch(retry, 300), `upload-${retry}`)).toMatchObject({ status: 202, body: { accepted: 300 } });
    const records = await allRecords(roomy.url);
    const types = new Map<string, number>();
    for (const record of records) types.set(record.type, (types.get(record.type) ?? 0) + 1);
    expect(Object.fromEntries(types)).toEqual(
      Object.fromEntries([...acknowledged, 'u99', `u${retry}`].map((type) => [type, type === 'u99' ? 1 : 300])),
    );
    expect(records.map((record) => record.id)).toEqual(records.map((_, index) => index + 1));
    console.log(
      `disk full: ${acknowledged.length} uploads of 300 acknowledged under a 64 KiB file size limit, upload ${retry} refused 507, ` +
        `log ${(await stat(join(dataDir, LOG_FILE))).size} bytes after the retry; ${records.length} records, ids 1..${records.length}`,
    );
    roomy.child.kill('SIGTERM');
    expect((await roomy.exited).code).toBe(0);
  });
});
