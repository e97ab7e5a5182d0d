import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newCid, startDemo, type RunningDemo } from './demo-process.js';
import { encodePriceRequest, envelope } from './grpc-web-codec.js';

// The grpc-web starter closes a connection on which nothing moved for WEB_STALL_TIMEOUT_MS, on its
// own HTTP server; mounted in the demo server its gateway had no such timeout, so a reader that
// stopped reading held its stream and its connection slot until DEMO_MAX_CONNECTION_MS (15 min).
// Seen here through that slot: with one streaming connection per address, a second stream is
// refused (429) for as long as the stalled one is held. The stall is a client that stops mid-request
// (nothing moves either way); a reader that stops reading stalls the same way once the socket
// buffers are full, which on loopback takes minutes at the demos' rates (the starter's own test
// drives a 1 ms feed for that).

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A gRPC-Web StreamPrices whose client stops halfway through its request message and then sends
 * nothing, reading whatever comes: nothing moves either way (a frozen tab, a dropped network).
 */
function stalledStream(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const body = envelope(encodePriceRequest(['AAPL']));
    const socket = connect({ port, host: '127.0.0.1' });
    let answer = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk));
    const closed = new Promise<string>((done) => socket.once('close', () => done(answer)));
    socket.once('error', reject);
    socket.write(
      `POST /demos/grpc/stock.v1.StockService/StreamPrices HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Type: application/grpc-web+proto\r\nX-Grpc-Web: 1\r\nX-Demo-Cid: ${newCid()}\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.subarray(0, 3), () => resolve({ socket, closed }));
  });
}

describe('DEMO_STALL_TIMEOUT_MS: a stream on which nothing moves is closed, one being read is not', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ DEMO_STALL_TIMEOUT_MS: '2000', DEMO_MAX_CONNECTIONS_PER_IP: '1' });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('closes a gRPC-Web stream on which nothing moves, which frees its connection slot', async () => {
    const stalled = await stalledStream(Number(new URL(demo.url).port));
    try {
      const statuses: number[] = [];
      let freed = false;
      // Without the timeout the slot stays held until Node's requestTimeout (30 s) ends the request.
      for (let i = 0; i < 40 && !freed; i++) {
        await sleep(500);
        const stop = new AbortController();
        const probe = await fetch(new URL('/demos/sse/events', demo.url), { headers: { Accept: 'text/event-stream' }, signal: stop.signal });
        statuses.push(probe.status);
        freed = probe.status === 200;
        stop.abort();
      }
      expect(statuses.at(-1), statuses.join(' ')).toBe(200);
      // The server closed the stalled connection without answering it.
      expect(await stalled.closed).toBe('');
    } finally {
      stalled.socket.destroy();
    }
  }, 60_000);

  it('leaves streams that are read, and idle WebSockets, open past the stall timeout', async () => {
    await sleep(200); // the probe above let go of its slot
    const stop = new AbortController();
    const feed = await fetch(new URL('/demos/sse/events', demo.url), { headers: { Accept: 'text/event-stream' }, signal: stop.signal });
    expect(feed.status).toBe(200);
    let events = 0;
    const started = Date.now();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of feed.body!) {
        events += (decoder.decode(chunk, { stream: true }).match(/^event: temperature$/gm) ?? []).length;
        if (Date.now() - started > 5_000) break;
      }
    } finally {
      stop.abort();
    }
    // Still flowing after more than twice the stall timeout.
    expect(Date.now() - started).toBeGreaterThan(5_000);
    expect(events).toBeGreaterThan(5);

    await sleep(200);
    const ws = new WebSocket(`${demo.url.replace('http', 'ws')}demos/chat/ws?name=idle&cid=${newCid()}`, { origin: demo.origin });
    const messages: { type: string; room?: string }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    try {
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      await sleep(3_500); // silent, longer than the stall timeout
      expect(ws.readyState).toBe(WebSocket.OPEN);
      ws.send(JSON.stringify({ type: 'join', room: 'still-here' }));
      for (let i = 0; i < 50 && !messages.some((m) => m.type === 'joined'); i++) await sleep(100);
      expect(messages.map((m) => m.type)).toContain('joined');
    } finally {
      ws.close();
      await closed;
    }
  }, 60_000);
});
