import { spawn } from 'node:child_process';
import { access, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_SOCKET } from '../src/data-dir-lock.js';
import { FileStore } from '../src/file-store.js';
import { allRecords, get, ndjson, post, startServer, tempDir } from './helpers.js';
import { spawnMain, spawnUntilExit } from './spawn-main.js';

const storeOn = (dataDir: string) => new FileStore({ dataDir, idempotencyTtlMs: 60_000, idempotencyMaxKeys: 100 });

describe('the single-writer lock on DATA_DIR', () => {
  it('refuses a second store on the same directory, and lets one open after the first closes', async () => {
    const dataDir = await tempDir();
    const first = storeOn(dataDir);
    await first.open();
    await expect(storeOn(dataDir).open()).rejects.toMatchObject({
      code: 'DATA_DIR_LOCKED',
      message: expect.stringContaining(`pid ${process.pid}`),
    });
    await first.close();
    const third = storeOn(dataDir);
    await third.open();
    await third.close();
  });

  it('refuses to start when DATA_DIR/writer.lock.sock is over the socket path limit, instead of locking in a private /tmp', async () => {
    const base = await tempDir();
    const dataDir = join(base, 'v'.repeat(100 - base.length), '_data');
    await mkdir(dataDir, { recursive: true });
    expect(Buffer.byteLength(join(dataDir, LOCK_SOCKET))).toBeGreaterThan(100);
    await expect(storeOn(dataDir).open()).rejects.toMatchObject({
      code: 'DATA_DIR_PATH_TOO_LONG',
      message: expect.stringMatching(/over the 100-byte limit of a Unix socket path.*use a shorter DATA_DIR path/),
    });
    // Two "containers" with their own /tmp each: before the fix both started.
    const tmpA = await tempDir();
    const tmpB = await tempDir();
    for (const tmp of [tmpA, tmpB]) {
      const run = await spawnUntilExit({ DATA_DIR: dataDir, TMPDIR: tmp });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/failed to start: .*over the 100-byte limit of a Unix socket path/);
      expect(await readdir(tmp)).toEqual([]);
    }
  });

  it('a deleted lock socket: the old writer refuses commits (503 LOCK_LOST, /healthz broken), and its stop spares the new writer\'s socket', async () => {
    const { server, url, dataDir } = await startServer();
    expect((await post(url, ndjson([{ type: 'old', value: 1 }]))).status).toBe(202);
    const socket = join(dataDir, LOCK_SOCKET);
    await unlink(socket);
    const second = storeOn(dataDir);
    await second.open();
    const secondSocket = await stat(socket);

    const refused = await post(url, ndjson([{ type: 'old', value: 2 }]));
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: 'LOCK_LOST', message: expect.stringContaining('replaced by another process') } });
    const health = await get(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'broken', problem: expect.stringContaining('refuses commits') });

    const transaction = await second.begin();
    await transaction.append([{ type: 'new', value: 1 }]);
    expect(await transaction.commit(undefined)).toEqual({ firstId: 2, lastId: 2 });

    await server.stop();
    // The old writer's clean stop did not remove the new writer's socket: a third still refuses.
    expect((await stat(socket)).ino).toBe(secondSocket.ino);
    await expect(storeOn(dataDir).open()).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED' });
    await second.close();
    await expect(access(socket)).rejects.toThrow();
  });

  it('a second process on the same DATA_DIR refuses to start with a clear error, and the first keeps its records', async () => {
    const dataDir = await tempDir();
    const first = await spawnMain({ DATA_DIR: dataDir });
    expect((await post(first.url, ndjson([{ type: 'first', value: 1 }]))).status).toBe(202);

    const second = await spawnUntilExit({ DATA_DIR: dataDir });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/is in use by another ingest server \(pid \d+, running since /);
    expect(second.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(second.stdout).not.toContain('listening');

    expect((await post(first.url, ndjson([{ type: 'first', value: 2 }]))).status).toBe(202);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    const again = await spawnMain({ DATA_DIR: dataDir });
    expect((await allRecords(again.url)).map((record) => record.value)).toEqual([1, 2]);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  });

  it('a lock left by a SIGKILLed process does not block the restart', async () => {
    const dataDir = await tempDir();
    const crashed = await spawnMain({ DATA_DIR: dataDir });
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    // The socket file outlives its process: the restart must see it is dead, not wait.
    await access(join(dataDir, LOCK_SOCKET));
    const restarted = await spawnMain({ DATA_DIR: dataDir });
    expect((await post(restarted.url, ndjson([{ type: 'after-crash', value: 1 }]))).status).toBe(202);
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
  });

  it('five stores racing for a stale lock: exactly one wins, the rest refuse', async () => {
    const dataDir = await tempDir();
    // A socket file whose listener died without closing it, as after SIGKILL.
    const holder = spawn(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(join(dataDir, LOCK_SOCKET))}, () => console.log('up'))`,
    ]);
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    await access(join(dataDir, LOCK_SOCKET));

    const stores = Array.from({ length: 5 }, () => storeOn(dataDir));
    const results = await Promise.allSettled(stores.map((store) => store.open()));
    const won = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter(
      (result) => result.status === 'rejected' && (result.reason as { code?: string }).code === 'DATA_DIR_LOCKED',
    );
    expect([won.length, refused.length]).toEqual([1, 4]);
    await Promise.all(stores.map((store) => store.close()));
  });
});
