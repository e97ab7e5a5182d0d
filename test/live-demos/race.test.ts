import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newCid, readEvents, startDemo, type RunningDemo } from './demo-process.js';
import { decodePriceUpdate, encodePriceRequest, envelope, splitEnvelopes } from './grpc-web-codec.js';

interface Created {
  session: string;
  room: string;
  seqSymbol: string;
}

describe('race on the demo server: one feed over WebSocket, SSE and gRPC-Web', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(async () => {
    await demo?.stop();
  });

  const post = (path: string, body?: unknown) =>
    fetch(new URL(path, demo.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  it('publishes each tick at the same moment on all three: the same numbers with the same publish time', async () => {
    const created = (await (await post('/demos/race/sessions')).json()) as Created;
    expect((await post(`/demos/race/${created.session}/settings`, { rate: 20, symbols: 3 })).status).toBe(200);
    const wanted = 8;

    // WebSocket: the websocket starter's chat room for this session.
    const ws = new WebSocket(`${demo.url.replace('http', 'ws')}demos/race/ws?cid=${newCid()}`, { origin: demo.origin });
    const wsTicks = new Map<number, number>();
    const wsDone = new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; from?: string; text?: string };
        if (message.type === 'welcome') ws.send(JSON.stringify({ type: 'join', room: created.room }));
        if (message.type === 'chat' && message.from === 'race') {
          const tick = JSON.parse(message.text!) as { seq: number; at: number; quotes: unknown[] };
          expect(tick.quotes).toHaveLength(3);
          wsTicks.set(tick.seq, tick.at);
          if (wsTicks.size >= wanted) resolve();
        }
      });
      ws.once('error', reject);
    });

    // SSE: the sse starter's hub for this session.
    const sse = await fetch(new URL(`/demos/race/${created.session}/sse/events`, demo.url), { headers: { Accept: 'text/event-stream' } });
    const sseDone = readEvents(sse.body!, (events) => events.filter((e) => e.event === 'tick').length >= wanted + 20);

    // gRPC-Web: the grpc-web starter's gateway, StreamPrices for the SEQ symbol.
    const grpc = await fetch(new URL(`/demos/race/${created.session}/grpc/stock.v1.StockService/StreamPrices`, demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/grpc-web+proto', 'X-Grpc-Web': '1' },
      body: envelope(encodePriceRequest([created.seqSymbol])),
    });
    expect(grpc.headers.get('content-type')).toBe('application/grpc-web+proto');
    const grpcTicks = new Map<number, number>();
    const reader = grpc.body!.getReader();
    let buffer = Buffer.alloc(0);
    while (grpcTicks.size < wanted + 20) {
      const { value, done } = await reader.read();
      if (done) break;
      const split = splitEnvelopes(Buffer.concat([buffer, Buffer.from(value)]));
      buffer = Buffer.from(split.rest);
      for (const frame of split.frames) {
        const update = decodePriceUpdate(frame.payload);
        if (update.symbol === created.seqSymbol) grpcTicks.set(update.price, update.timestamp);
      }
    }
    await reader.cancel();
    await wsDone;
    ws.close();
    const sseTicks = new Map(
      (await sseDone).events.filter((e) => e.event === 'tick').map((e) => {
        const tick = JSON.parse(e.data) as { seq: number; at: number };
        return [tick.seq, tick.at] as const;
      }),
    );

    // Every tick the WebSocket saw, the others saw too, with the very same publish time.
    let compared = 0;
    for (const [seq, at] of wsTicks) {
      if (!sseTicks.has(seq) || !grpcTicks.has(seq)) continue;
      expect(sseTicks.get(seq), `seq ${seq} over SSE`).toBe(at);
      expect(grpcTicks.get(seq), `seq ${seq} over gRPC-Web`).toBe(at);
      compared += 1;
    }
    expect(compared).toBeGreaterThanOrEqual(wanted - 2);
    // No gaps on any transport: consecutive numbers.
    for (const ticks of [wsTicks, sseTicks, grpcTicks]) {
      const seqs = [...ticks.keys()].sort((a, b) => a - b);
      expect(seqs.at(-1)! - seqs[0]! + 1).toBe(seqs.length);
    }
  });

  it('refuses a rate or a payload over the race limits with a typed 400', async () => {
    const created = (await (await post('/demos/race/sessions')).json()) as Created;
    const fast = await post(`/demos/race/${created.session}/settings`, { rate: 51, symbols: 1 });
    expect(fast.status).toBe(400);
    expect(await fast.json()).toMatchObject({ error: { code: 'demo_limit', limit: 'raceRate' } });
    const big = await post(`/demos/race/${created.session}/settings`, { rate: 10, symbols: 21 });
    expect(await big.json()).toMatchObject({ error: { code: 'demo_limit', limit: 'raceSymbols' } });
    expect((await post('/demos/race/0123456789abcdef0123456789abcdef/settings', { rate: 1, symbols: 1 })).status).toBe(404);
  });
});
