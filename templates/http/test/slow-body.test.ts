import { describe, expect, it } from 'vitest';
import { allRecords, ndjson, openUpload, post, startServer } from './helpers.js';

const line = '{"type":"stalled","value":1}\n';

describe('uploads that stall or drip', () => {
  it('16 stalled uploads hold the ingest slots and their keys only until the body idle timeout', async () => {
    const { url } = await startServer({
      limits: { maxConcurrentIngests: 16, bodyIdleTimeoutMs: 400, minBodyBytesPerSecond: 0 },
    });
    const stalled = Array.from({ length: 16 }, (_, index) => {
      const upload = openUpload(url, { 'Idempotency-Key': `stalled-${index}` });
      upload.req.write(line); // then nothing: headers sent, body never finished
      return upload;
    });
    // Wait until all 16 hold a slot: the 17th is refused.
    let busy;
    do busy = await post(url, ndjson([{ type: 'probe', value: 0 }]));
    while (busy.status === 202);
    expect(busy).toMatchObject({ status: 503, body: { error: { code: 'BUSY' } } });

    const answers = await Promise.all(stalled.map((upload) => upload.response));
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 408, body: { error: { code: 'BODY_TIMEOUT' } } });
      expect(answer.headers.connection).toBe('close');
    }
    for (const upload of stalled) upload.req.destroy();
    // Slots and keys are free again; nothing from the stalled uploads was stored.
    const reuse = await post(url, ndjson([{ type: 'fresh', value: 1 }]), { 'Idempotency-Key': 'stalled-3' });
    expect(reuse).toMatchObject({ status: 202, body: { accepted: 1 } });
    expect((await allRecords(url)).map((record) => record.type).filter((type) => type !== 'probe')).toEqual(['fresh']);
  });

  it('an upload dripping below the minimum rate gets 408 and stores nothing', async () => {
    const { url } = await startServer({ limits: { bodyIdleTimeoutMs: 300, minBodyBytesPerSecond: 1000 } });
    const upload = openUpload(url);
    // ~40 bytes/s: never idle for 300 ms, far below 1000 bytes/s.
    const drip = setInterval(() => upload.req.write(' '), 25);
    try {
      expect(await upload.response).toMatchObject({
        status: 408,
        body: { error: { code: 'BODY_TIMEOUT', message: expect.stringContaining('slower than 1000 bytes/s') } },
      });
    } finally {
      clearInterval(drip);
      upload.req.destroy();
    }
    expect(await allRecords(url)).toEqual([]);
  });

  it('a slow but steady upload above the minimum rate is stored', async () => {
    const { url } = await startServer({ limits: { bodyIdleTimeoutMs: 200, minBodyBytesPerSecond: 100 } });
    const upload = openUpload(url);
    for (let index = 0; index < 12; index += 1) {
      upload.req.write(`{"type":"steady","value":${index}}\n`); // ~30 bytes per 50 ms: 600 bytes/s
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    upload.req.end();
    expect(await upload.response).toMatchObject({ status: 202, body: { accepted: 12 } });
  });
});
