import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ids, openEventStream } from './helpers/event-stream-client.js';
import { openRawSocket, type RawSocket } from './helpers/raw-socket.js';
import { startServer, waitUntil } from './helpers/servers.js';

/** Counts the buffers (iovecs) a socket hands to the kernel side, over every write call. */
function countChunks(socket: Socket): () => number {
  let chunks = 0;
  const internals = socket as unknown as Record<'_write' | '_writev', ((...args: unknown[]) => unknown) | undefined>;
  const write = internals._write;
  const writev = internals._writev;
  if (typeof write === 'function') {
    internals._write = function (this: unknown, ...args: unknown[]) {
      chunks += 1;
      return write.apply(this, args);
    };
  }
  if (typeof writev === 'function') {
    internals._writev = function (this: unknown, ...args: unknown[]) {
      chunks += (args[0] as unknown[]).length;
      return writev.apply(this, args);
    };
  }
  return () => chunks;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('one shared buffer per I/O turn (src/turn-fanout.ts)', () => {
  it("sends a turn's events to each up-to-date subscriber as one buffer, not one per frame", async () => {
    const subscribers = 5;
    const events = 40;
    const { server, url } = await startServer();
    const serverSockets: Socket[] = [];
    server.httpServer.on('connection', (socket: Socket) => serverSockets.push(socket));
    const clients: RawSocket[] = [];
    for (let i = 0; i < subscribers; i++) {
      const client = await openRawSocket(url);
      client.write('GET /events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n');
      clients.push(client);
    }
    await waitUntil(() => clients.every((c) => c.received().includes('retry:')), 3000, 'the openings');
    const counters = serverSockets.map(countChunks);

    for (let n = 0; n < events; n++) server.publish('note', { n });

    await waitUntil(() => clients.every((c) => (c.received().match(/^event: note$/gm)?.length ?? 0) === events), 5000, 'every event');
    for (const c of clients) {
      const ns = [...c.received().matchAll(/^data: \{"n":(\d+)\}$/gm)].map((m) => Number(m[1]));
      expect(ns).toEqual(range(0, events - 1));
    }
    // One writev per subscriber: the chunk-size line (Node 20 writes its number and its CRLF
    // apart), the turn's 40 frames as ONE buffer, and the chunk's CRLF. Before the shared
    // buffer: one iovec per frame (Node 20: three, with chunk framing), 40 or more each.
    for (const count of counters) expect(count()).toBeLessThanOrEqual(4);
  });

  it('gives subscribers at different positions in the same turn exactly their frames, in order', async () => {
    const { server, url } = await startServer({ replayBuffer: 1000 });
    const live = await openEventStream(`${url}events`);
    await live.waitFor(() => live.retries.length === 1, 3000, 'the opening');
    for (let n = 1; n <= 10; n++) server.publish('note', { n });
    await live.waitForEvents(10);

    // Around each resuming request, in the very turn its subscription starts: events before it
    // (queued for the end of the turn) and after it. The resuming subscriber catches up from the
    // hub at once, so when the turn is delivered it stands in the middle of the turn's events,
    // while the live one stands at their start.
    let next = 11;
    const publishSome = (req: IncomingMessage): void => {
      if (req.url !== '/events') return;
      for (let i = 0; i < 3; i++) server.publish('note', { n: next++ });
    };
    server.httpServer.prependListener('request', publishSome);
    server.httpServer.on('request', publishSome);

    const resumed = await Promise.all([4, 9, 10].map((lastEventId) => openEventStream(`${url}events`, { 'Last-Event-ID': String(lastEventId) })));
    server.httpServer.removeListener('request', publishSome);
    server.httpServer.removeListener('request', publishSome);
    const last = next - 1;
    expect(last).toBe(10 + 3 * 2 * 3);

    // And a turn more after all of them.
    for (let n = last + 1; n <= last + 5; n++) server.publish('note', { n });
    const end = last + 5;

    await live.waitForEvents(end);
    expect(ids(live.events)).toEqual(range(1, end));
    for (const [index, from] of [4, 9, 10].entries()) {
      const client = resumed[index]!;
      await client.waitForEvents(end - from);
      expect(ids(client.events)).toEqual(range(from + 1, end));
      expect(client.events.map((event) => (JSON.parse(event.data) as { n: number }).n)).toEqual(range(from + 1, end));
      expect(client.events.some((event) => event.type === 'reset')).toBe(false);
      client.close();
    }
    live.close();
  });

  it('lets a subscriber that fell behind catch up frame by frame, then join the shared runs, with nothing lost or repeated', async () => {
    const events = 3000;
    const payload = 'y'.repeat(512);
    const { server, url } = await startServer({ replayBuffer: events, slowSubscriberTimeoutMs: 60_000 });
    const fast = await openEventStream(`${url}events`);
    const slow = await openEventStream(`${url}events`);
    await slow.waitFor(() => slow.retries.length === 1, 3000, 'the opening');
    slow.response.pause(); // stops reading: its socket fills and the server waits for 'drain'

    // Many turns: 30 events per turn, each turn in its own setImmediate.
    for (let n = 1; n <= events; n++) {
      server.publish('tick', { n, payload });
      if (n % 30 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await fast.waitForEvents(events, 10_000);
    slow.response.resume();
    await slow.waitForEvents(events, 10_000);
    expect(ids(fast.events)).toEqual(range(1, events));
    expect(ids(slow.events)).toEqual(range(1, events));
    // And it is live again: the next turn reaches it too.
    server.publish('tick', { n: events + 1, payload });
    await slow.waitForEvents(events + 1);
    expect(ids(slow.events).at(-1)).toBe(events + 1);
    fast.close();
    slow.close();
  });

  it('still drops a subscriber that stops reading, and still resets one that fell out of the replay buffer', async () => {
    const { server, url } = await startServer({ replayBuffer: 50, slowSubscriberTimeoutMs: 200 });
    const stalled = await openRawSocket(url);
    stalled.socket.once('data', () => stalled.socket.pause());
    stalled.write('GET /events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n');
    const reader = await openEventStream(`${url}events`);
    await reader.waitFor(() => reader.retries.length === 1, 3000, 'the opening');
    await waitUntil(() => server.stats().subscribers === 2, 3000, 'both subscribers');

    // Far more than loopback's buffers hold, in bursts (turns): the stalled one is found slow
    // and cut; the reader gets the newest 50 of each burst it could not keep up with, or all.
    const payload = 'z'.repeat(8 * 1024);
    for (let burst = 0; burst < 40; burst++) {
      for (let i = 0; i < 50; i++) server.publish('tick', { payload });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitUntil(() => server.stats().subscribers === 1, 10_000, 'the stalled subscriber to be dropped');
    await reader.waitFor(() => Number(reader.lastEventId()) === server.hub.lastId, 10_000, 'the reader to catch up');
    // Ids only grow, each event once; any gap is announced by a reset carrying the new position.
    let position = 0;
    for (const event of reader.events) {
      const id = Number(event.lastEventId);
      if (event.type === 'reset') {
        const data = JSON.parse(event.data) as { reason: string; missed: number; lastEventId: string };
        expect(data.reason).toBe('expired');
        expect(Number(data.lastEventId)).toBe(position);
        expect(id - position).toBe(data.missed);
      } else {
        expect(id).toBe(position + 1);
      }
      position = id;
    }
    expect(position).toBe(server.hub.lastId);
    reader.close();
  });
});
