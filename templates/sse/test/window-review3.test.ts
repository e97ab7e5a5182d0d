import type { ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { SseServer } from '../src/server.js';
import { openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

// Third review of the sse write window (wip-sseall): the hostile cases the earlier write-window
// tests do not state with a window far longer than the test, so every publish after the first
// is inside a pending window and only the eviction path or the timer can deliver it.
const LONG_WINDOW_MS = 1000;
const BIG = 'x'.repeat(64 * 1024);

function nextResponse(server: SseServer): Promise<ServerResponse> {
  return new Promise((resolve) => server.httpServer.once('request', (_req, res: ServerResponse) => resolve(res)));
}

describe('the write window under a slow reader (third review)', () => {
  it('cuts a paused reader that crosses the socket buffer inside a window, queues no more than one run for it, and the reader that keeps up loses nothing silently', async () => {
    const { server, url } = await startServer({ writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 0, slowSubscriberTimeoutMs: 200, replayBuffer: 16 });
    const fast = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));
    const slowResponse = nextResponse(server);
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.write('GET /events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n');
    socket.once('data', () => socket.pause());
    socket.on('error', () => {});
    const closed = new Promise((resolve) => socket.once('close', resolve));
    const res = await slowResponse;
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(2));

    let published = 0;
    let largestQueue = 0;
    while (server.stats().subscribers === 2 && published < 5000) {
      server.hub.publish('big', BIG);
      published += 1;
      largestQueue = Math.max(largestQueue, res.writableLength);
      await nextTurn();
    }
    expect(server.stats().subscribers).toBe(1);
    // A window's events reach a stream as runs of at most 64 KiB (or one larger event): one run
    // past the high-water mark at most, as one event was before the window.
    expect(largestQueue).toBeLessThanOrEqual(res.writableHighWaterMark + BIG.length + 1024);
    socket.resume();
    await closed;

    server.hub.publish('after', { still: 'here' });
    const lastId = server.hub.lastId;
    await fast.waitFor(() => fast.lastEventId() === String(lastId), 5000, `event ${lastId}`);
    // Every id from 1 to the last, each once and in order, or an `expired` reset counting
    // exactly the ones skipped: no silent gap, no duplicate.
    let cursor = 0;
    for (const event of fast.events) {
      const id = Number(event.lastEventId);
      if (event.type === 'reset') {
        const data = JSON.parse(event.data) as { missed: number; lastEventId: string };
        expect(Number(data.lastEventId)).toBe(cursor);
        expect(data.missed).toBe(id - cursor);
      } else {
        expect(id).toBe(cursor + 1);
      }
      cursor = id;
    }
    expect(cursor).toBe(lastId);
    fast.close();
  });
});

describe('a window that gathers more than the replay buffer over many turns (third review)', () => {
  it('gives a reader that keeps up every event and no reset: the window closes at a run of bytes', async () => {
    // The reviewer's reproduction: 4,000 events of ~1 KiB, 100 per turn, into a replay buffer of
    // 200 inside one 1 s window. Before the window closed at RUN_BYTES, the eviction path handed
    // ~200 held events to a corked stream that took about one run, the turn's later publishes
    // evicted the rest, and the reader got {"reason":"expired","missed":39}; main and
    // writeBatchMs 0 gave it every event.
    const { server, url } = await startServer({ writeBatchMs: LONG_WINDOW_MS, writeBatchAbove: 0, replayBuffer: 200, feedIntervalMs: 0, keepAliveMs: 0 });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));
    const payload = 'y'.repeat(1024);
    const total = 4000;
    for (let n = 1; n <= total; n++) {
      server.publish('tick', { n, payload });
      if (n % 100 === 0) await nextTurn();
    }
    const events = await client.waitForEvents(total, 20_000);
    expect(events.filter((e) => e.type === 'reset')).toEqual([]);
    const numbers = events.map((e) => (JSON.parse(e.data) as { n: number }).n);
    expect(numbers).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    client.close();
  });
});
