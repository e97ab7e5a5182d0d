import type { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { openRawSocket, type RawSocket } from './helpers/raw-socket.js';
import { startServer } from './helpers/servers.js';
import { countWrites } from './helpers/count-writes.js';

const TOKEN = 'test-token-0123456789abcdef';
const SUBSCRIBERS = 5;
const PUBLISHES = 40;

function publishRequest(n: number): string {
  const body = JSON.stringify({ event: 'note', data: { n } });
  return (
    'POST /publish HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n' +
    `Authorization: Bearer ${TOKEN}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

describe('write batching on the publish path', () => {
  it('sends a burst of pipelined POST /publish requests to each subscriber in far fewer writes than events', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN });
    const serverSockets: Socket[] = [];
    server.httpServer.on('connection', (socket: Socket) => serverSockets.push(socket));

    const subscribers: RawSocket[] = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const client = await openRawSocket(url);
      client.write('GET /events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n');
      subscribers.push(client);
    }
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(SUBSCRIBERS));
    // Every subscriber's opening has gone out; count only what the publishes cause.
    await vi.waitFor(() => expect(subscribers.every((s) => s.received().includes('retry:'))).toBe(true));
    const counters = serverSockets.map(countWrites);

    // One TCP write carrying every request: the server reads them in one I/O turn, as it does
    // under load from a publisher that pipelines.
    const publisher = await openRawSocket(url);
    publisher.write(Array.from({ length: PUBLISHES }, (_, n) => publishRequest(n)).join(''));

    await vi.waitFor(() => {
      for (const s of subscribers) expect(s.received().match(/^event: note$/gm)?.length ?? 0).toBe(PUBLISHES);
    });
    await vi.waitFor(() => expect(publisher.received().match(/HTTP\/1\.1 202/g)?.length ?? 0).toBe(PUBLISHES));
    // In order, none lost.
    for (const s of subscribers) {
      const ns = [...s.received().matchAll(/^data: \{"n":(\d+)\}$/gm)].map((m) => Number(m[1]));
      expect(ns).toEqual(Array.from({ length: PUBLISHES }, (_, n) => n));
    }

    const writes = counters.reduce((sum, count) => sum + count(), 0);
    const perDelivery = writes / (PUBLISHES * SUBSCRIBERS);
    // Before flushing once per I/O turn this was ~1 (one write per event per subscriber).
    expect(perDelivery).toBeLessThan(0.5);
  });
});
