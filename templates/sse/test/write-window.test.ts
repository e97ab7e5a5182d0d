import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, createServer as createH2Server } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createMemoryHub } from '../src/event-hub.js';
import { createServer, DEFAULT_OPTIONS } from '../src/server.js';
import { countWrites } from './helpers/count-writes.js';
import { ids, openEventStream } from './helpers/event-stream-client.js';
import { openRawSocket, type RawSocket } from './helpers/raw-socket.js';
import { startServer, waitUntil } from './helpers/servers.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Resolves after the setImmediate callbacks queued before it: the fan-out's end-of-turn delivery included. */
const endOfTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A window far longer than these tests take between two publishes (the longest allowed), so
 * that "inside the window" never depends on how fast the machine is: a test that publishes
 * again a few turns after a delivery is always inside it.
 */
const LONG_WINDOW_MS = 1000;

const countEvents = (text: string): number => text.match(/^event: note$/gm)?.length ?? 0;

/** A raw GET /events subscriber and the server side of its connection (to count its writes). */
async function rawSubscriber(server: { httpServer: import('node:http').Server }, url: string): Promise<{ client: RawSocket; serverSocket: Socket }> {
  const accepted = new Promise<Socket>((resolve) => server.httpServer.once('connection', resolve));
  const client = await openRawSocket(url);
  const serverSocket = await accepted;
  client.write('GET /events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n');
  await waitUntil(() => client.received().includes('retry:'), 3000, 'the opening');
  return { client, serverSocket };
}

describe('the write window (writeBatchMs, src/turn-fanout.ts)', () => {
  it('is 5 ms by default, from 50,000 deliveries a second', () => {
    expect(DEFAULT_OPTIONS.writeBatchMs).toBe(5);
    expect(DEFAULT_OPTIONS.writeBatchAbove).toBe(50_000);
  });

  it('holds events for the window once the last interval (100 ms or more) asked for writeBatchAbove deliveries a second', async () => {
    // 1 delivery a second: the 20 below reach it unless their interval lasts 20 s.
    const { server, url } = await startServer({ writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 1 });
    const { client, serverSocket } = await rawSubscriber(server, url);
    for (let n = 1; n <= 20; n++) server.publish('note', { n });
    await endOfTurn();
    await waitUntil(() => countEvents(client.received()) === 20, 3000, 'the first 20');
    await new Promise((resolve) => setTimeout(resolve, 120));
    // Inside the window of the last delivery (a second), at a rate over the line: held.
    const heldFrom = serverSocket.bytesWritten;
    server.publish('note', { n: 21 });
    await endOfTurn();
    await endOfTurn();
    expect(serverSocket.bytesWritten).toBe(heldFrom);
    await waitUntil(() => countEvents(client.received()) === 21, 5000, 'the held event, a window later');
  });

  it('sends an event on a quiet server at the end of its turn, not a window later', async () => {
    const { server, url } = await startServer({ writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 0 });
    const { client, serverSocket } = await rawSubscriber(server, url);
    const before = serverSocket.bytesWritten;

    server.publish('note', { n: 1 });
    // The fan-out's setImmediate was queued by the publish, before this one: once this one
    // runs, the event has been handed to the kernel (a window later would be a second on).
    await endOfTurn();
    expect(serverSocket.bytesWritten).toBeGreaterThan(before);
    await waitUntil(() => countEvents(client.received()) === 1, 3000, 'the event');
  });

  it('holds events published within a window of the last delivery, then sends them together in one write', async () => {
    const { server, url } = await startServer({ writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 0 });
    const { client, serverSocket } = await rawSubscriber(server, url);
    const writes = countWrites(serverSocket);
    server.publish('note', { n: 1 });
    await endOfTurn();
    expect(writes()).toBe(1); // the quiet path: at once

    // K more, each in a turn of its own: per turn (writeBatchMs 0) that is K writes.
    const K = 20;
    const heldFrom = serverSocket.bytesWritten;
    for (let n = 2; n <= K + 1; n++) {
      server.publish('note', { n });
      await endOfTurn();
    }
    // Still inside the window: nothing of them has been written yet.
    expect(serverSocket.bytesWritten).toBe(heldFrom);

    await waitUntil(() => countEvents(client.received()) === K + 1, 5000, 'every event');
    const ns = [...client.received().matchAll(/^data: \{"n":(\d+)\}$/gm)].map((m) => Number(m[1]));
    expect(ns).toEqual(range(1, K + 1));
    // The K events left in one write (the window's), not K.
    expect(writes()).toBe(2);
  });

  // With the window off, and with it on below writeBatchAbove (one subscriber, an event a turn:
  // far below a million deliveries a second, however fast the machine): every turn's event is
  // written in its turn.
  it.each([
    ['with writeBatchMs 0 (the per-turn fan-out)', { writeBatchMs: 0 }],
    ['below writeBatchAbove deliveries a second, as with no window', { writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 1_000_000 }],
  ])('writes once per turn %s', async (_, options) => {
    const { server, url } = await startServer(options);
    const { client, serverSocket } = await rawSubscriber(server, url);
    const writes = countWrites(serverSocket);
    const K = 20;
    for (let n = 1; n <= K; n++) {
      const before = serverSocket.bytesWritten;
      server.publish('note', { n });
      await endOfTurn();
      expect(serverSocket.bytesWritten).toBeGreaterThan(before);
    }
    await waitUntil(() => countEvents(client.received()) === K, 5000, 'every event');
    expect(writes()).toBe(K);
  });

  it('delivers more events than the replay buffer holds within one window: at once, no reset, nothing lost, in order', async () => {
    // Evicting one of the window's events from the hub delivers the window so far at once (as a
    // publish did before the fan-out), so the fan-out never keeps more than the hub plus one
    // publish's evictions, and a subscriber that keeps up still gets every event, no reset.
    const { server, url } = await startServer({ writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 0, replayBuffer: 10, maxPublishBatch: 10, maxCoalesceKeys: 10 });
    const accepted = new Promise<Socket>((resolve) => server.httpServer.once('connection', resolve));
    const client = await openEventStream(`${url}events`);
    const serverSocket = await accepted;
    await client.waitFor(() => client.retries.length === 1, 3000, 'the opening');
    server.publish('note', { n: 1 });
    await endOfTurn(); // delivered: the window starts now
    const heldFrom = serverSocket.bytesWritten;
    const total = 61; // 60 more, 5 per turn over 12 turns: six times the replay buffer
    for (let n = 2; n <= total; n++) {
      server.publish('note', { n });
      if (n % 5 === 0) await endOfTurn();
    }
    await endOfTurn();
    // Well inside the window, the evictions have had the events written already.
    expect(serverSocket.bytesWritten).toBeGreaterThan(heldFrom);
    await client.waitForEvents(total, 5000);
    expect(client.events.some((event) => event.type === 'reset')).toBe(false);
    expect(ids(client.events)).toEqual(range(1, total));
    client.close();
  });

  it('lets a resuming reader read the held events from the hub at once, and gives it none twice when the window ends', async () => {
    const { server, url } = await startServer({ writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 0 });
    const live = await openEventStream(`${url}events`);
    await live.waitFor(() => live.retries.length === 1, 3000, 'the opening');
    server.publish('note', { n: 1 });
    await endOfTurn();
    for (let n = 2; n <= 6; n++) server.publish('note', { n }); // held by the window

    const resumed = await openEventStream(`${url}events`, { 'Last-Event-ID': '0' });
    await resumed.waitForEvents(6);
    await live.waitForEvents(6);
    server.publish('note', { n: 7 });
    await live.waitForEvents(7);
    await resumed.waitForEvents(7);
    expect(ids(live.events)).toEqual(range(1, 7));
    expect(ids(resumed.events)).toEqual(range(1, 7));
    live.close();
    resumed.close();
  });

  it('stop() mid-window: every subscriber gets every accepted event, then a proper end', async () => {
    const publishToken = 'window-test-token-0123456789';
    const { server, url } = await startServer({ writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 0, publishToken });
    const clients = await Promise.all([1, 2, 3].map(() => openEventStream(`${url}events`)));
    for (const client of clients) await client.waitFor(() => client.retries.length === 1, 3000, 'the opening');

    // The first starts the window; the rest arrive over POST /publish (202 each) inside it.
    server.publish('note', { n: 1 });
    await endOfTurn();
    const N = 12;
    for (let n = 2; n <= N; n++) {
      const response = await fetch(`${url}publish`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${publishToken}` },
        body: JSON.stringify({ event: 'note', data: { n } }),
      });
      expect(response.status).toBe(202);
    }
    await server.stop();

    for (const client of clients) {
      expect(await client.finished).toBe('end');
      expect(ids(client.events)).toEqual(range(1, N));
    }
  });

  it('leaves no timer that holds the process open after stop()', async () => {
    const { server, url } = await startServer({ writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 0 });
    const client = await openEventStream(`${url}events`);
    await client.waitFor(() => client.retries.length === 1, 3000, 'the opening');
    server.publish('note', { n: 1 });
    await endOfTurn();
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    server.publish('note', { n: 2 }); // the window's timer is set now
    expect(timers()).toBe(before); // unref'd: it never holds the process open
    await server.stop();
    expect(timers()).toBe(before);
    expect(await client.finished).toBe('end');
    expect(ids(client.events)).toEqual([1, 2]);
  });

  it('mounted on an HTTP/2 host: a window of events reaches every stream of a session whole and in order, and close() ends them', async () => {
    const sse = createServer({ feedIntervalMs: 0, keepAliveMs: 0, writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 0, hub: createMemoryHub({ replayBuffer: 100, firstId: 1 }), onError: () => {} });
    sse.open();
    const h2 = createH2Server();
    h2.on('request', (req, res) => {
      if (!sse.handleRequest(req as unknown as IncomingMessage, res as unknown as ServerResponse)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    const session = connect(`http://127.0.0.1:${(h2.address() as AddressInfo).port}`);
    session.on('error', () => {});
    onTestFinished(async () => {
      session.destroy();
      await sse.close();
      await new Promise((resolve) => h2.close(resolve));
    });
    const texts = [0, 1].map(() => {
      const stream = session.request({ ':path': '/events' });
      stream.on('error', () => {});
      const received = { text: '', ended: false };
      stream.on('data', (chunk: Buffer) => (received.text += chunk.toString('utf8')));
      stream.on('end', () => (received.ended = true));
      return received;
    });
    await waitUntil(() => sse.stats().subscribers === 2, 3000, 'both streams');
    const total = 21;
    for (let n = 1; n <= total; n++) {
      sse.publish('note', { n });
      await endOfTurn();
    }
    for (const received of texts) {
      await waitUntil(() => countEvents(received.text) === total, 5000, 'every event');
      expect([...received.text.matchAll(/^data: \{"n":(\d+)\}$/gm)].map((m) => Number(m[1]))).toEqual(range(1, total));
    }
    sse.publish('note', { n: total + 1 }); // inside the next window: close() delivers it
    await sse.close();
    for (const received of texts) {
      await waitUntil(() => received.ended, 3000, 'the end of the stream');
      expect(countEvents(received.text)).toBe(total + 1);
    }
  });

  it('refuses a window that is not a whole number of ms from 0 to 1000', () => {
    expect(() => createServer({ writeBatchMs: 1001 })).toThrow(/writeBatchMs must be at most 1000/);
    expect(() => createServer({ writeBatchMs: -1 })).toThrow(/writeBatchMs must be a non-negative integer/);
    expect(() => createServer({ writeBatchMs: 2.5 })).toThrow(/writeBatchMs must be a non-negative integer/);
    expect(() => createServer({ writeBatchAbove: -1 })).toThrow(/writeBatchAbove must be a non-negative integer/);
  });
});

describe('WRITE_BATCH_MS', () => {
  it('sets writeBatchMs, 0 included, and refuses what is not a whole number of ms from 0 to 1000', () => {
    expect(loadConfig({}).writeBatchMs).toBeUndefined();
    expect(loadConfig({ WRITE_BATCH_MS: '0' }).writeBatchMs).toBe(0);
    expect(loadConfig({ WRITE_BATCH_MS: ' 16 ' }).writeBatchMs).toBe(16);
    expect(loadConfig({ WRITE_BATCH_MS: '1000' }).writeBatchMs).toBe(1000);
    for (const raw of ['1001', '-1', '2.5', '5ms', 'abc']) {
      expect(() => loadConfig({ WRITE_BATCH_MS: raw })).toThrow(/WRITE_BATCH_MS must be an integer from 0 to 1000/);
    }
  });

  it('sets writeBatchAbove from WRITE_BATCH_ABOVE, 0 included', () => {
    expect(loadConfig({}).writeBatchAbove).toBeUndefined();
    expect(loadConfig({ WRITE_BATCH_ABOVE: '0' }).writeBatchAbove).toBe(0);
    expect(loadConfig({ WRITE_BATCH_ABOVE: '200000' }).writeBatchAbove).toBe(200_000);
    expect(() => loadConfig({ WRITE_BATCH_ABOVE: '-1' })).toThrow(/WRITE_BATCH_ABOVE must be an integer from 0 to/);
  });
});
