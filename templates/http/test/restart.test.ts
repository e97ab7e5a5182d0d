import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_FILE } from '../src/file-store.js';
import { allRecords, ndjson, post, startServer, tempDir } from './helpers.js';
import { spawnMain } from './spawn-main.js';

describe('durability across restarts', () => {
  it('keeps every record that got a 202 when a new server opens the same DATA_DIR', async () => {
    const first = await startServer();
    await post(first.url, ndjson([{ type: 'a', value: 1 }]), { 'Content-Type': 'application/x-ndjson' });
    await post(
      first.url,
      JSON.stringify([
        { type: 'b', value: 2 },
        { type: 'c', value: 3 },
      ]),
      {
        'Content-Type': 'application/json',
      },
    );
    await first.server.stop();

    const second = await startServer({ dataDir: first.dataDir });
    expect(await allRecords(second.url)).toEqual([
      { id: 1, type: 'a', value: 1 },
      { id: 2, type: 'b', value: 2 },
      { id: 3, type: 'c', value: 3 },
    ]);
    await post(second.url, ndjson([{ type: 'd', value: 4 }]));
    expect((await allRecords(second.url)).at(-1)).toEqual({ id: 4, type: 'd', value: 4 });
  });

  it('recovers from a torn final line (a crash mid-write) and carries on with the next id', async () => {
    const first = await startServer();
    await post(
      first.url,
      ndjson([
        { type: 'a', value: 1 },
        { type: 'b', value: 2 },
      ]),
    );
    await first.server.stop();
    const path = join(first.dataDir, LOG_FILE);
    await appendFile(path, '{"id":3,"type":"torn","val');

    const second = await startServer({ dataDir: first.dataDir });
    expect((await allRecords(second.url)).map((record) => record.id)).toEqual([1, 2]);
    await post(second.url, ndjson([{ type: 'c', value: 3 }]));
    expect(await allRecords(second.url)).toEqual([
      { id: 1, type: 'a', value: 1 },
      { id: 2, type: 'b', value: 2 },
      { id: 3, type: 'c', value: 3 },
    ]);
    expect(await readFile(path, 'utf8')).not.toContain('torn');
  });

  it('keeps every record that got a 202 when the process is killed (SIGKILL, no shutdown)', async () => {
    const dataDir = await tempDir();
    const crashed = await spawnMain({ DATA_DIR: dataDir });
    const batch = ndjson([
      { type: 'a', value: 1 },
      { type: 'b', value: 2 },
    ]);
    expect((await post(crashed.url, batch, { 'Idempotency-Key': 'before-crash' })).status).toBe(202);
    crashed.child.kill('SIGKILL');
    expect(await crashed.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const restarted = await spawnMain({ DATA_DIR: dataDir });
    expect(await allRecords(restarted.url)).toEqual([
      { id: 1, type: 'a', value: 1 },
      { id: 2, type: 'b', value: 2 },
    ]);
    const retry = await post(restarted.url, batch, { 'Idempotency-Key': 'before-crash' });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await allRecords(restarted.url)).toHaveLength(2);
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
  });
});
