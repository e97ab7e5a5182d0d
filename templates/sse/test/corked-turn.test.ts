import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SseStream } from '../src/sse-stream.js';
import { countWrites } from './helpers/count-writes.js';

const FRAMES = 40;

/** One SseStream on a real node:http server, with a client that reads everything. */
async function openStream(): Promise<{ stream: SseStream; res: ServerResponse; response: IncomingMessage; body(): string }> {
  let resolveStream!: (value: { stream: SseStream; res: ServerResponse }) => void;
  const opened = new Promise<{ stream: SseStream; res: ServerResponse }>((resolve) => (resolveStream = resolve));
  const server = createServer((_req, res) => resolveStream({ stream: new SseStream(res, { retryMs: 1000, slowTimeoutMs: 5000 }), res }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = request({ port: (server.address() as AddressInfo).port, path: '/events' });
  client.on('error', () => {});
  onTestFinished(async () => {
    client.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const responded = new Promise<IncomingMessage>((resolve) => client.once('response', resolve));
  client.end();
  const { stream, res } = await opened;
  const response = await responded;
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  return { stream, res, response, body: () => text };
}

/** Resolves after the current I/O turn's setImmediate callbacks (SseStream's flush) have run. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

describe('a corked turn', () => {
  // Node 24.21's res.uncork() uncorks the socket before it writes out the chunk it merged while
  // corked, so each piece went out alone (43 writes for 40 frames); Node 20 and 26 make one.
  it('leaves in one socket write, and the socket is not left corked', async () => {
    const { stream, res, body } = await openStream();
    await nextTurn(); // the opening retry: frame has gone out
    const socket = res.socket;
    expect(socket).not.toBeNull();
    const writes = countWrites(socket!);
    for (let n = 0; n < FRAMES; n += 1) stream.send(Buffer.from(`data: ${n}\n\n`));
    await nextTurn();
    expect(writes()).toBe(1);
    expect(socket!.writableCorked).toBe(0);
    expect(res.writableCorked).toBe(0);
    const expected = Array.from({ length: FRAMES }, (_, n) => `data: ${n}\n\n`).join('');
    // Every frame arrives, in order (bounded by the test timeout).
    while (!body().endsWith(expected)) await nextTurn();
  });
});
