import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCid, readEvents, startDemo, type RunningDemo } from './demo-process.js';

describe('sse-feed and llm-stream on the demo server', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ DEMO_MAX_CONNECTIONS_PER_IP: '3' });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  const events = (headers: Record<string, string> = {}) =>
    fetch(new URL('/demos/sse/events', demo.url), { headers: { Accept: 'text/event-stream', ...headers } });

  it('streams the temperature feed with ids', async () => {
    const response = await events();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { events: got } = await readEvents(response.body!, (list) => list.filter((e) => e.event === 'temperature').length >= 2);
    const feed = got.filter((e) => e.event === 'temperature');
    expect(Number(feed[1]!.id)).toBe(Number(feed[0]!.id) + 1);
    expect(JSON.parse(feed[0]!.data)).toMatchObject({ unit: 'F' });
  });

  it('cuts a stream server-side by its cid; resuming with Last-Event-ID continues with no gap and no duplicate', async () => {
    const cid = newCid();
    const first = await events({ 'x-demo-cid': cid });
    const reading = readEvents(first.body!, () => false);
    // Let a few events through, then cut the connection from the server side.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const cut = await fetch(new URL(`/demos/cut/${cid}`, demo.url), { method: 'POST' });
    expect(cut.status).toBe(204);
    const before = await reading;
    // The cut ended the stream (the read above returned). A fetch client usually sees it as a
    // plain end ('done'): the event stream is close-delimited on HTTP/1.1
    // (templates/sse/src/sse-stream.ts, closeDelimited), so no missing end marker reveals the cut;
    // a reset arriving with the close reads as 'error'. Either way the client resumes, below.
    expect(['done', 'error']).toContain(before.ended);
    const ids = before.events.filter((e) => e.event === 'temperature').map((e) => Number(e.id));
    expect(ids.length).toBeGreaterThanOrEqual(1);
    const lastId = ids.at(-1)!;
    // Events published while disconnected are replayed on resume.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const resumed = await events({ 'Last-Event-ID': String(lastId), 'x-demo-cid': newCid() });
    const after = await readEvents(resumed.body!, (list) => list.filter((e) => e.event === 'temperature').length >= 3);
    const next = after.events.filter((e) => e.event === 'temperature').map((e) => Number(e.id));
    expect(after.events.some((e) => e.event === 'reset')).toBe(false);
    expect(next).toEqual([lastId + 1, lastId + 2, lastId + 3]);
  });

  it('refuses a cid already live with 400 and a typed error', async () => {
    const cid = newCid();
    const first = await events({ 'x-demo-cid': cid });
    const second = await events({ 'x-demo-cid': cid });
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ error: { code: 'bad_request', limit: 'cid' } });
    await first.body!.cancel();
  });

  it('refuses connections over the per-address limit with 429 and says which limit', async () => {
    const open = await Promise.all([events(), events(), events()]);
    for (const response of open) expect(response.status).toBe(200);
    const over = await events();
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('10');
    const body = (await over.json()) as { error: { code: string; limit: string; message: string } };
    expect(body.error).toMatchObject({ code: 'demo_limit', limit: 'connectionsPerIp' });
    expect(body.error.message).toContain('at most 3 open demo connections per address');
    for (const response of open) await response.body!.cancel();
    // Released as soon as the streams close: a new one is admitted again.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await events();
    expect(again.status).toBe(200);
    await again.body!.cancel();
  });

  it('streams an LLM-style reply over POST and ends with [DONE]', async () => {
    const response = await fetch(new URL('/demos/sse/chat/stream', demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hello there' }] }),
    });
    expect(response.status).toBe(200);
    const { events: got } = await readEvents(response.body!, (list) => list.some((e) => e.data === '[DONE]'));
    const tokens = got.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data).choices[0].delta.content as string);
    expect(tokens.length).toBeGreaterThan(2);
    expect(tokens.join('')).toContain('hello there');
    expect(got.at(-1)!.data).toBe('[DONE]');
  });

  it('refuses a chat body over the payload limit with the starter\'s 413', async () => {
    const response = await fetch(new URL('/demos/sse/chat/stream', demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(70 * 1024) }] }),
    });
    expect(response.status).toBe(413);
  });

  it('keeps publishing off: POST /demos/sse/publish is refused', async () => {
    const response = await fetch(new URL('/demos/sse/publish', demo.url), { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(403);
  });
});
