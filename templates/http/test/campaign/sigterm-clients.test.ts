import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { allRecords, openUpload, tempDir } from '../helpers.js';
import { spawnMain } from '../spawn-main.js';
import { report } from './report.js';

const DRAIN_MS = 1000;
const GRACE_MS = 1000;

/** An idle keep-alive connection: one request answered, then nothing. Resolves how it ended. */
async function idleClient(port: number): Promise<{ ended: Promise<{ how: string; at: number }> }> {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  const answered = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      if (received.includes('"status":"ok"')) resolve();
    });
  });
  const ended = new Promise<{ how: string; at: number }>((resolve) => {
    let how = 'close';
    socket.on('end', () => (how = 'end'));
    socket.on('error', (error: NodeJS.ErrnoException) => (how = error.code ?? 'error'));
    socket.on('close', () => resolve({ how, at: performance.now() }));
  });
  socket.write('GET /healthz HTTP/1.1\r\nHost: campaign\r\n\r\n');
  await answered;
  return { ended };
}

/** One GET; "refused" when no connection could be made (the listener is closed). */
function getOnce(port: number, path: string): Promise<{ status: number } | { failed: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ failed: error.code ?? 'error' }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ failed: error.code ?? 'error' }));
    req.end();
  });
}

describe('campaign: SIGTERM with 200 connected clients', () => {
  it('drains, then exits 0 within drain + grace, and every client sees a proper end', async () => {
    const dataDir = await tempDir();
    const main = await spawnMain({
      DATA_DIR: dataDir,
      DRAIN_DELAY_MS: String(DRAIN_MS),
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      MAX_CONCURRENT_INGESTS: '64',
      MAX_CONCURRENT_INGESTS_PER_IP: '64',
    });
    const port = Number(new URL(main.url).port);

    const idle = await Promise.all(Array.from({ length: 100 }, () => idleClient(port)));
    // 25 uploads that finish during the drain, 25 that never finish.
    const finishing = Array.from({ length: 25 }, (_, index) => openUpload(main.url, { 'Idempotency-Key': `f-${index}` }));
    const stalled = Array.from({ length: 25 }, (_, index) => openUpload(main.url, { 'Idempotency-Key': `s-${index}` }));
    for (const upload of [...finishing, ...stalled]) upload.req.write('{"type":"first","value":1}\n');
    await delay(300);

    const signalled = performance.now();
    main.child.kill('SIGTERM');
    // 50 pollers keep asking while the server drains and stops.
    const polls: Array<{ path: string; result: { status: number } | { failed: string }; at: number }> = [];
    const pollers = Array.from({ length: 50 }, async (_, index) => {
      const path = index % 2 === 0 ? '/healthz' : '/records?limit=1';
      for (;;) {
        const result = await getOnce(port, path);
        polls.push({ path, result, at: performance.now() - signalled });
        if ('failed' in result) return;
        await delay(50);
      }
    });
    await delay(DRAIN_MS / 2);
    for (const [index, upload] of finishing.entries()) upload.req.end(`{"type":"second","value":${index}}\n`);

    const answers = await Promise.all([...finishing, ...stalled].map((upload) => upload.response));
    const exit = await main.exited;
    const tookMs = performance.now() - signalled;
    const idleEnds = await Promise.all(idle.map((client) => client.ended));
    await Promise.all(pollers);
    for (const upload of stalled) upload.req.destroy();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeGreaterThanOrEqual(DRAIN_MS + GRACE_MS - 20); // the stalled uploads held it for the grace
    expect(tookMs).toBeLessThan(DRAIN_MS + GRACE_MS + 2500);
    // Idle keep-alive clients: a clean FIN once the drain is over, no reset.
    expect(new Set(idleEnds.map((end) => end.how))).toEqual(new Set(['end']));
    expect(Math.min(...idleEnds.map((end) => end.at - signalled))).toBeGreaterThanOrEqual(DRAIN_MS - 20);
    // Uploads: finished ones stored, cut ones told so.
    expect(answers.slice(0, 25).map((answer) => answer.status)).toEqual(Array(25).fill(202));
    for (const answer of answers.slice(25)) {
      expect(answer).toMatchObject({ status: 503, body: { error: { code: 'SHUTTING_DOWN' } } });
    }
    // Pollers: answers while serving (healthz 503 during the drain, records 200), then a
    // refused connection once the listener closed; never a reset or a half answer.
    // During the drain every request is answered. When the listener closes, connections still
    // in the kernel's accept queue are reset by the kernel (no byte of an answer was sent):
    // counted, and allowed only from the end of the drain on.
    const outcomes = new Set(polls.map(({ path, result }) => `${path.split('?')[0]} ${'status' in result ? result.status : result.failed}`));
    const expectedOutcome = /^\/healthz (200|503|ECONNREFUSED|ECONNRESET)$|^\/records (200|ECONNREFUSED|ECONNRESET)$/;
    expect([...outcomes].filter((outcome) => !expectedOutcome.test(outcome))).toEqual([]);
    const resets = polls.filter(({ result }) => 'failed' in result && result.failed === 'ECONNRESET');
    expect(resets.filter(({ at }) => at < DRAIN_MS)).toEqual([]);
    expect(outcomes).toContain('/healthz 503');
    expect(outcomes).toContain('/records 200');

    const again = await spawnMain({ DATA_DIR: dataDir });
    const stored = await allRecords(again.url);
    expect(stored).toHaveLength(50); // 25 uploads x 2 records, nothing from the cut ones
    again.child.kill('SIGINT');
    await again.exited;
    report('sigterm-200-clients', {
      drainMs: DRAIN_MS,
      graceMs: GRACE_MS,
      clients: 200,
      idleKeepAlive: idle.length,
      uploadsFinished: 25,
      uploadsCut: 25,
      pollRequests: polls.length,
      pollsResetAtListenerClose: resets.length,
      outcomes: [...outcomes].sort(),
      exitCode: exit.code,
      exitAfterMs: Math.round(tookMs),
      recordsStored: stored.length,
    });
  }, 30_000);
});
