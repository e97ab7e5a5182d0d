import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from './demo-process.js';

describe('ingest on the demo server (the http starter)', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ DEMO_MAX_PAYLOAD_BYTES: '4096' });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  const upload = (body: string, key: string) =>
    fetch(new URL('/demos/ingest/ingest', demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson', 'Idempotency-Key': key },
      body,
    });
  const records = async () => (await (await fetch(new URL('/demos/ingest/records?after=0&limit=100', demo.url))).json()) as { records: { id: number; type: string }[] };

  it('stores a streamed NDJSON upload; a retry with the same key replays the answer and stores nothing twice', async () => {
    const key = `test-${Date.now()}`;
    const body = ['{"type":"a","value":1}', '{"type":"b","value":2}', '{"type":"c","value":3}'].join('\n');
    const first = await upload(body, key);
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ accepted: 3 });
    const stored = (await records()).records.length;
    const retry = await upload(body, key);
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toMatchObject({ accepted: 3 });
    expect((await records()).records.length).toBe(stored);
  });

  it('refuses a body over DEMO_MAX_PAYLOAD_BYTES with 413', async () => {
    const line = JSON.stringify({ type: 'x'.repeat(90), value: 1 });
    const response = await upload(Array.from({ length: 60 }, () => line).join('\n'), `big-${Date.now()}`);
    expect(response.status).toBe(413);
  });

  it('answers a record that fails validation in the 202 list of rejected lines', async () => {
    const response = await upload('{"type":"ok","value":1}\n{"type":"","value":"x"}', `mixed-${Date.now()}`);
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { accepted: number; rejected: { line: number }[] };
    expect(answer.accepted).toBe(1);
    expect(answer.rejected).toHaveLength(1);
  });
});
