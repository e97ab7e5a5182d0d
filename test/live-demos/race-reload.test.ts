import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from './demo-process.js';

// A reload of the race page: the old page's reader leaves, then the new page asks for a race from
// the same address. The server noticed a reader had left only at its session's next tick (up to a
// second at rate 1), so at the per-address cap the reload was refused with 429 until then.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('race: a reload at the per-address cap', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ DEMO_MAX_RACES_PER_IP: '1' });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  const post = (path: string, body?: unknown) =>
    fetch(new URL(path, demo.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  it('gets a new race at once when the old page has just stopped reading, not a 429 until the next tick', async () => {
    const { session } = (await (await post('/demos/race/sessions')).json()) as { session: string };
    expect((await post(`/demos/race/${session}/settings`, { rate: 1, symbols: 1 })).status).toBe(200);
    const stop = new AbortController();
    const events = await fetch(new URL(`/demos/race/${session}/sse/events`, demo.url), { headers: { Accept: 'text/event-stream' }, signal: stop.signal });
    expect(events.status).toBe(200);
    // Read until a tick arrives: the next one is a second away.
    const decoder = new TextDecoder();
    let text = '';
    const reader = events.body!.getReader(); // not cancelled: the stream stays open until abort()
    while (!/^event: tick$/m.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended: ${text}`);
      text += decoder.decode(value, { stream: true });
    }
    // While it is read, a second race from this address is refused...
    expect((await post('/demos/race/sessions')).status).toBe(429);
    // ...and once the reader has gone (the page unloaded), the reloaded page gets one at once.
    stop.abort();
    await sleep(300);
    const reloaded = await post('/demos/race/sessions');
    expect(reloaded.status, JSON.stringify(await reloaded.clone().json())).toBe(201);
  });
});
