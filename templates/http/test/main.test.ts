import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateRecords } from '../src/generate-records.js';
import { uploadWithRetry } from '../src/upload.js';
import { allRecords, get, ndjson, openUpload, post, tempDir } from './helpers.js';
import { spawnMain } from './spawn-main.js';

describe('node dist/main.js', () => {
  it('logs its URL, ingests, and on SIGTERM drains (healthz 503, still serving), then exits 0', async () => {
    const dataDir = await tempDir();
    const main = await spawnMain({ DATA_DIR: dataDir, DRAIN_DELAY_MS: '2000', SHUTDOWN_GRACE_MS: '1000' });
    expect(main.stdout().trim().split('\n')).toEqual([`ingest server listening on ${main.url}`]);
    expect((await post(main.url, ndjson([{ type: 'e2e', value: 1 }]))).status).toBe(202);
    expect(await allRecords(main.url)).toEqual([{ id: 1, type: 'e2e', value: 1 }]);

    const started = performance.now();
    main.child.kill('SIGTERM');
    let health;
    do health = await get(`${main.url}/healthz`);
    while (health.status === 200);
    expect(health).toMatchObject({ status: 503, body: { status: 'draining' } });
    expect((await post(main.url, ndjson([{ type: 'e2e', value: 2 }]))).status).toBe(202);
    expect(await main.exited).toEqual({ code: 0, signal: null });
    const took = performance.now() - started;
    // 2 s of drain, not less: the health polls and the POST must land inside it on a loaded
    // machine (the in-process twin in shutdown.test.ts was raised to 2 s for that reason).
    expect(took).toBeGreaterThanOrEqual(1990); // it drained
    expect(took).toBeLessThan(2000 + 1000 + 2500); // drain + grace + margin
    expect(main.stdout()).toContain('SIGTERM: draining for 2000 ms');
    expect(main.stdout()).toContain('ingest server stopped');
    expect(main.stderr()).toBe('');
  });

  it('exits 0 at once on SIGINT (Ctrl-C), without draining', async () => {
    const main = await spawnMain({ DATA_DIR: await tempDir(), DRAIN_DELAY_MS: '60000' });
    main.child.kill('SIGINT');
    expect(await main.exited).toEqual({ code: 0, signal: null });
    expect(main.stdout()).not.toContain('draining');
    expect(main.stdout()).toContain('ingest server stopped');
  });

  it('exits 2 with a clear message on an invalid environment variable', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, PORT: 'eighty', DATA_DIR: await tempDir() },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('PORT="eighty" is invalid');
  });
});

describe('node dist/main.js with a separate client process', () => {
  it('gets its answer across when it stops reading early: a reused key and a 413, without a reset losing it', async () => {
    const main = await spawnMain({ DATA_DIR: await tempDir(), MAX_BODY_BYTES: String(1024 * 1024) });
    const url = `${main.url}/ingest`;
    const first = await uploadWithRetry({ url, idempotencyKey: 'big-retry', body: () => generateRecords(100, 0) });
    expect(first).toMatchObject({ status: 202, replayed: false });
    const same = await uploadWithRetry({ url, idempotencyKey: 'big-retry', body: () => generateRecords(100, 0) });
    expect(same).toMatchObject({ status: 202, replayed: true, body: first.body });

    // ~20 MB under the same key: the server stops reading once it is longer than the first
    // body, answers 422, then closes.
    const reused = await uploadWithRetry({ url, idempotencyKey: 'big-retry', body: () => generateRecords(300_000, 0) });
    expect(reused).toMatchObject({ status: 422, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED' } } });
    const tooBig = await uploadWithRetry({ url, body: () => generateRecords(300_000, 0) });
    expect(tooBig.status).toBe(413);
    // Normally the first attempt; a machine starved for seconds may need the (safe) second.
    expect(reused.attempts + tooBig.attempts).toBeLessThanOrEqual(3);
    expect(await allRecords(main.url)).toHaveLength(100);

    main.child.kill('SIGTERM');
    expect((await main.exited).code).toBe(0);
  });
});

describe('node dist/main.js under load', () => {
  it('on SIGTERM with a stalled upload, answers it 503 after drain and grace, stores nothing, exits 0', async () => {
    const dataDir = await tempDir();
    const main = await spawnMain({ DATA_DIR: dataDir, DRAIN_DELAY_MS: '200', SHUTDOWN_GRACE_MS: '500' });
    const stalled = openUpload(main.url);
    stalled.req.write('{"type":"stalled","value":1}\n');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = performance.now();
    main.child.kill('SIGTERM');
    expect(await stalled.response).toMatchObject({ status: 503, body: { error: { code: 'SHUTTING_DOWN' } } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(690);
    stalled.req.destroy();
    expect(await main.exited).toEqual({ code: 0, signal: null });

    const again = await spawnMain({ DATA_DIR: dataDir });
    expect(await allRecords(again.url)).toEqual([]);
    again.child.kill('SIGINT');
    expect((await again.exited).code).toBe(0);
  });
});
