import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openRawSocket } from './helpers/raw-socket.js';
import { startServer, waitUntil } from './helpers/servers.js';

const EVENTS = 16_000;
const PAYLOAD = 'x'.repeat(1024);

describe('flush once per I/O turn, as much as the kernel takes', () => {
  it('fills a never-reading client to backpressure within the turn of a burst, not 16 KiB per turn', async () => {
    // 16 MB: more than loopback's kernel buffers hold for a peer that does not read, so the
    // socket must end the turn with bytes the kernel refused, waiting for 'drain'.
    const { server, url } = await startServer({ replayBuffer: EVENTS, slowSubscriberTimeoutMs: 60_000 });
    const serverSockets: Socket[] = [];
    server.httpServer.on('connection', (socket: Socket) => serverSockets.push(socket));
    const client = await openRawSocket(url);
    client.socket.once('data', () => client.socket.pause()); // reads the headers, then never again
    client.write('GET /events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n');
    await waitUntil(() => server.stats().subscribers === 1, 3000, 'the subscriber');
    await waitUntil(() => client.received().includes('retry:'), 3000, 'the opening');
    const [socket] = serverSockets;
    if (socket === undefined) throw new Error('no server socket');

    for (let n = 1; n <= EVENTS; n += 1) server.publish('tick', { n, payload: PAYLOAD });
    // The stream's flush was queued (setImmediate) before this one, so it has run by now.
    await new Promise((resolve) => setImmediate(resolve));

    // Handed to the kernel in that one turn. Before the flush refilled, the stream wrote one
    // high-water mark (about 16 KiB) per turn and waited for the next (measured: 17.5 KB here,
    // against 4 MB with the refill, where the kernel stopped taking bytes).
    const dispatched = socket.bytesWritten - socket.writableLength;
    expect(dispatched).toBeGreaterThan(8 * socket.writableHighWaterMark);
    // And it stopped because the kernel refused bytes: they wait in Node's buffer for 'drain'.
    expect(socket.writableLength).toBeGreaterThan(0);
    expect(socket.writableNeedDrain).toBe(true);
  });

  it('delivers a burst far larger than the high-water mark to a reading client, in order, complete', async () => {
    const events = 2000;
    const { server, url } = await startServer({ replayBuffer: events });
    const client = await openRawSocket(url);
    client.write('GET /events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n');
    await waitUntil(() => server.stats().subscribers === 1, 3000, 'the subscriber');
    for (let n = 1; n <= events; n += 1) server.publish('tick', { n, payload: PAYLOAD });
    await waitUntil(() => (client.received().match(/^event: tick$/gm)?.length ?? 0) >= events, 10_000, 'every event');
    const ns = [...client.received().matchAll(/^data: \{"n":(\d+),/gm)].map((m) => Number(m[1]));
    expect(ns).toEqual(Array.from({ length: events }, (_, i) => i + 1));
    expect(client.received()).not.toContain('event: reset');
  });
});
