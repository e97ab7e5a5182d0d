import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCid, startDemo, type RunningDemo } from './demo-process.js';
import { decodePriceUpdate, encodePriceRequest, envelope, splitEnvelopes, type Frame } from './grpc-web-codec.js';

const STREAM = '/demos/grpc/stock.v1.StockService/StreamPrices';

/** Reads gRPC-Web frames from a streaming response until `enough` or the end; reports how it ended. */
async function readFrames(body: ReadableStream<Uint8Array>, enough: (frames: Frame[]) => boolean) {
  const reader = body.getReader();
  const frames: Frame[] = [];
  let buffer = Buffer.alloc(0);
  let ended: 'done' | 'error' | 'enough' = 'done';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const split = splitEnvelopes(Buffer.concat([buffer, Buffer.from(value)]));
      frames.push(...split.frames);
      buffer = Buffer.from(split.rest);
      if (enough(frames)) {
        ended = 'enough';
        break;
      }
    }
  } catch {
    ended = 'error';
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return { frames, ended };
}

describe('grpc-prices on the demo server (the grpc starter behind its gRPC-Web/Connect gateway)', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ DEMO_MAX_CONNECTIONS_PER_IP: '2' });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  const stream = (symbols: string[], cid = newCid()) =>
    fetch(new URL(STREAM, demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/grpc-web+proto', 'X-Grpc-Web': '1', 'x-demo-cid': cid },
      body: envelope(encodePriceRequest(symbols)),
    });

  it('streams PriceUpdates over gRPC-Web, one envelope per update', async () => {
    const response = await stream(['AAPL', 'MSFT']);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/grpc-web+proto');
    const { frames } = await readFrames(response.body!, (list) => list.length >= 4);
    const updates = frames.filter((f) => f.flags === 0).map((f) => decodePriceUpdate(f.payload));
    expect(updates.slice(0, 2).map((u) => u.symbol)).toEqual(['AAPL', 'MSFT']);
    for (const update of updates) {
      expect(update.price).toBeGreaterThan(0);
      expect(Math.abs(update.timestamp - Date.now())).toBeLessThan(60_000);
    }
  });

  it('ends an invalid request with grpc-status 3 in the trailers', async () => {
    const response = await stream(['not a symbol']);
    const { frames } = await readFrames(response.body!, () => false);
    const trailer = frames.find((f) => f.flags & 0x80);
    const text = trailer ? trailer.payload.toString('utf8') : `${response.headers.get('grpc-status')}`;
    expect(text).toMatch(/grpc-status: ?3|^3$/);
  });

  it('answers GetPrice over Connect with JSON', async () => {
    const response = await fetch(new URL('/demos/grpc/stock.v1.StockService/GetPrice', demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ symbols: ['GOOG'] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ symbol: 'GOOG' });
  });

  it('a cut by cid ends the stream with a network error; a new stream works at once', async () => {
    const cid = newCid();
    const response = await stream(['AAPL'], cid);
    const reading = readFrames(response.body!, () => false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await fetch(new URL(`/demos/cut/${cid}`, demo.url), { method: 'POST' })).status).toBe(204);
    const cut = await reading;
    expect(cut.ended).toBe('error');
    expect(cut.frames.some((f) => f.flags & 0x80)).toBe(false);
    const again = await stream(['AAPL']);
    const next = await readFrames(again.body!, (list) => list.length >= 1);
    expect(decodePriceUpdate(next.frames[0]!.payload).symbol).toBe('AAPL');
  });

  it('refuses streams over the per-address limit with a typed 429', async () => {
    const open = [await stream(['AAPL']), await stream(['AAPL'])];
    const over = await stream(['AAPL']);
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ error: { code: 'demo_limit', limit: 'connectionsPerIp' } });
    for (const response of open) await response.body!.cancel();
  });
});
