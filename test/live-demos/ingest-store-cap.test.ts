import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from './demo-process.js';

// Every reader of a public demo server writes to the one ingest store, an append-only log: with
// no cap, uploads (64 KiB each, as fast as they come) grow it until the disk is full.

const CAP = 40_000;

describe('DEMO_MAX_INGEST_STORE_BYTES: the ingest store cannot grow without bound', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ DEMO_MAX_INGEST_STORE_BYTES: String(CAP), DEMO_MAX_PAYLOAD_BYTES: '16384' });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  const line = JSON.stringify({ type: 'reading', value: 1.5, ts: '2026-12-03T12:00:00.000Z' });
  const body = Array<string>(100).fill(line).join('\n');
  const upload = (key: string) =>
    fetch(new URL('/demos/ingest/ingest', demo.url), { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson', 'Idempotency-Key': key }, body });
  const firstIds = async () => {
    const page = (await (await fetch(new URL('/demos/ingest/records?after=0&limit=5', demo.url))).json()) as { records: { id: number }[] };
    return page.records.map((record) => record.id);
  };

  it('once full, tells the next upload to retry in a second and starts an empty store, which takes the retry', async () => {
    const statuses: number[] = [];
    let refusal: Response | undefined;
    // Each upload adds about 10 KB of log: the cap is crossed within a few, well before 40.
    for (let i = 0; i < 40 && refusal === undefined; i += 1) {
      const response = await upload(`fill-${i}`);
      statuses.push(response.status);
      expect(response.headers.get('x-demo-ingest-store')).toBe('1');
      if (response.status === 202) await response.arrayBuffer();
      else refusal = response;
    }
    expect(statuses.length).toBeLessThan(10);
    expect(refusal?.status).toBe(503);
    expect(refusal?.headers.get('retry-after')).toBe('1');
    expect(await refusal?.json()).toMatchObject({ error: { code: 'demo_limit', limit: 'ingestStoreBytes' } });

    // The retry with the same key lands in the new, empty store: stored once, ids from 1.
    let retry = await upload(`fill-${statuses.length - 1}`);
    for (let i = 0; i < 20 && retry.status === 503; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      retry = await upload(`fill-${statuses.length - 1}`);
    }
    expect(retry.status).toBe(202);
    expect(retry.headers.get('x-demo-ingest-store')).toBe('2');
    expect(await retry.json()).toMatchObject({ accepted: 100 });
    expect(await firstIds()).toEqual([1, 2, 3, 4, 5]);
  });

  it('stays within the cap plus one upload however many come', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 30; i += 1) {
      const response = await upload(`more-${i}`);
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    // 30 uploads of 100 records, about 300 KB: the store was emptied along the way, and never
    // held more than the cap's 40 KB and one upload over it. An upload is taken while the log is
    // under the cap and adds at least its body's bytes, so a store holds at most
    // floor((CAP - 1) / body bytes) + 1 uploads. (The bound was 500 records, which assumed 8 KB
    // an upload: a fresh store's first ids are shorter, and depending on which upload opened it
    // the sixth still fitted under the cap, a flaky failure under load.)
    expect(statuses.get(503)).toBeGreaterThanOrEqual(2);
    const mostRecords = (Math.floor((CAP - 1) / Buffer.byteLength(body)) + 1) * 100;
    let beyond = await fetch(new URL(`/demos/ingest/records?after=${mostRecords}&limit=1`, demo.url));
    // Asked while a full store is being replaced: 503, retry in a second.
    for (let i = 0; i < 20 && beyond.status === 503; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      beyond = await fetch(new URL(`/demos/ingest/records?after=${mostRecords}&limit=1`, demo.url));
    }
    expect(((await beyond.json()) as { records: unknown[] }).records).toEqual([]);
  });
});
