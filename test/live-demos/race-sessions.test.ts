import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newCid, startDemo, type RunningDemo } from './demo-process.js';

interface Created {
  session: string;
  room: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An SSE reader of a race session: the tick numbers it got, and a way to stop reading. */
async function sseReader(demo: RunningDemo, session: string): Promise<{ seqs: number[]; close: () => void }> {
  const stop = new AbortController();
  const response = await fetch(new URL(`/demos/race/${session}/sse/events`, demo.url), { headers: { Accept: 'text/event-stream' }, signal: stop.signal });
  expect(response.status).toBe(200);
  const seqs: number[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk, { stream: true });
        for (const match of buffer.matchAll(/^event: tick\ndata: (.*)$/gm)) seqs.push((JSON.parse(match[1]!) as { seq: number }).seq);
        buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
      }
    } catch {
      // aborted by close()
    }
  })();
  return { seqs, close: () => stop.abort() };
}

describe('race sessions: per-address cap, idleness by readers only, no feed without a reader', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ DEMO_MAX_RACES_PER_IP: '2', DEMO_RACE_IDLE_MS: '1500' });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  const create = () => fetch(new URL('/demos/race/sessions', demo.url), { method: 'POST' });

  it('one address holds at most DEMO_MAX_RACES_PER_IP races being read; a new one replaces an idle one, else a typed 429', async () => {
    const first = (await (await create()).json()) as Created;
    const second = (await (await create()).json()) as Created;
    const readers = [await sseReader(demo, first.session), await sseReader(demo, second.session)];
    try {
      const refused = await create();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('10');
      expect(await refused.json()).toEqual({
        error: { code: 'demo_limit', limit: 'racesPerIp', message: 'at most 2 races at once per address; close a race tab and try again' },
      });
      // The first race's reader leaves (a reload): its session pauses, and the next one takes its place.
      readers[0]!.close();
      let replaced: Response | undefined;
      for (let i = 0; i < 40 && replaced?.status !== 201; i++) {
        await sleep(100);
        replaced = await create();
      }
      expect(replaced?.status).toBe(201);
      const gone = await fetch(new URL(`/demos/race/${first.session}/sse/events`, demo.url));
      expect(gone.status).toBe(404);
      // The race still read was kept.
      const before = readers[1]!.seqs.length;
      await sleep(500);
      expect(readers[1]!.seqs.length).toBeGreaterThan(before);
    } finally {
      for (const reader of readers) reader.close();
    }
  });

  it('requests that read nothing (a 404 under the session, every 200 ms) do not keep a session alive', async () => {
    const created = (await (await create()).json()) as Created;
    const started = Date.now();
    while (Date.now() - started < 3_000) {
      expect((await fetch(new URL(`/demos/race/${created.session}/no-such-thing`, demo.url))).status).toBe(404);
      await sleep(200);
    }
    const after = await fetch(new URL(`/demos/race/${created.session}/sse/events`, demo.url));
    expect(after.status).toBe(404);
    expect(await after.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('start a new one') } });
  });

  it('a session with no reader does not tick: the first tick a late reader gets is number 1', async () => {
    const created = (await (await create()).json()) as Created;
    await fetch(new URL(`/demos/race/${created.session}/settings`, demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rate: 20, symbols: 1 }),
    });
    await sleep(1_000); // 20 ticks' worth at 20/s, had it run
    const reader = await sseReader(demo, created.session);
    try {
      for (let i = 0; i < 50 && reader.seqs.length < 3; i++) await sleep(100);
      expect(reader.seqs.slice(0, 3)).toEqual([1, 2, 3]);
    } finally {
      reader.close();
    }
  });

  it('a WebSocket reader alone keeps its session ticking, well past the idle time', async () => {
    const created = (await (await create()).json()) as Created;
    const ws = new WebSocket(`${demo.url.replace('http', 'ws')}demos/race/ws?cid=${newCid()}`, { origin: demo.origin });
    const seqs: number[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; from?: string; text?: string };
      if (message.type === 'welcome') ws.send(JSON.stringify({ type: 'join', room: created.room }));
      if (message.type === 'chat' && message.from === 'race') seqs.push((JSON.parse(message.text!) as { seq: number }).seq);
    });
    try {
      await sleep(3_500); // more than twice DEMO_RACE_IDLE_MS
      const seen = seqs.length;
      expect(seen).toBeGreaterThan(10);
      await sleep(600);
      expect(seqs.length).toBeGreaterThan(seen);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i)); // in order, no gap
    } finally {
      ws.close();
    }
  });
});
