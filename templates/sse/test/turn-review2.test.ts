import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMemoryHub } from '../src/event-hub.js';
import { createServer, type SseServer } from '../src/server.js';
import type { SseEvent } from '../public/sse-parser.js';
import { ids, openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

/**
 * Second review of the per-turn fan-out. A subscriber whose cursor lies inside the turn's
 * collected events (it connected between two publishes of one turn: pipelined POSTs on one
 * socket and its GET on another, read in the same poll phase) must get the events after its
 * cursor even when one publish evicts several of them at once (the byte bound: a large event
 * pushes out every smaller one before it). Main sent each event to it as it was published.
 */
describe('per-turn fan-out: a subscriber that connects mid-turn (second review)', () => {
  it('gets the events after its cursor when one large publish evicts them all from the replay buffer', async () => {
    const { sse, url } = await hostWithPublishAround(({ sse }) => {
      sse.publish('note', { n: 1 });
      return () => {
        sse.publish('note', { n: 2 });
        sse.publish('note', { n: 3 });
        sse.publish('big', 'z'.repeat(1500)); // over the byte bound alone: evicts 1, 2 and 3
      };
    });
    const early = await openEventStream(`${url}events`);
    await early.waitFor(() => early.retries.length === 1, 3000, 'the opening');
    const late = await openEventStream(`${url}events?publishAround=1`);
    await late.waitFor(() => late.lastEventId() === '4', 3000, 'the large event');
    await early.waitFor(() => early.lastEventId() === '4', 3000, 'the large event');
    expect(ids(early.events)).toEqual([1, 2, 3, 4]);
    expect(late.events.map((event) => event.type)).toEqual(['note', 'note', 'big']);
    expect(ids(late.events)).toEqual([2, 3, 4]);
    early.close();
    late.close();
    expect(sse.hub.oldestId).toBe(4);
  });
});

describe('per-turn fan-out: eviction mid-turn with readers that are behind (second review)', () => {
  it('a paused reader and a reader mid-resume get every event or a reset that counts exactly what they lost; a reader that keeps up gets all', async () => {
    const { server, url } = await startServer({ replayBuffer: 40, maxPublishBatch: 40, maxCoalesceKeys: 40, slowSubscriberTimeoutMs: 60_000 });
    const keeper = await openEventStream(`${url}events`);
    const paused = await openEventStream(`${url}events`);
    await keeper.waitFor(() => keeper.retries.length === 1, 3000, 'the opening');
    await paused.waitFor(() => paused.retries.length === 1, 3000, 'the opening');
    paused.response.pause();
    const big = 'q'.repeat(256 * 1024);
    for (let n = 1; n <= 30; n++) {
      server.publish('big', big); // 7.5 MiB in all: more than loopback's socket buffers take
      await new Promise((resolve) => setImmediate(resolve));
    }
    const resuming = await openEventStream(`${url}events`, { 'Last-Event-ID': '10' });
    resuming.response.pause();
    await keeper.waitFor(() => keeper.lastEventId() === '30', 10_000, 'the big events');
    for (let n = 31; n <= 130; n++) server.publish('note', { n }); // one turn, 2.5 replay buffers
    await keeper.waitFor(() => keeper.lastEventId() === '130', 10_000, 'the last event');
    paused.response.resume();
    resuming.response.resume();
    await paused.waitFor(() => paused.lastEventId() === '130', 10_000, 'the last event');
    await resuming.waitFor(() => resuming.lastEventId() === '130', 10_000, 'the last event');
    expect(keeper.events.some((event) => event.type === 'reset')).toBe(false);
    expect(ids(keeper.events)).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
    expectAccounted(paused.events, 0, 130);
    expectAccounted(resuming.events, 10, 130);
    keeper.close();
    paused.close();
    resuming.close();
  });
});

describe('per-turn fan-out: a hub listener that throws (second review)', () => {
  it('costs an up-to-date subscriber nothing: events the fan-out did not see reach it before later publishes evict them', async () => {
    const { server, url } = await startServer({ replayBuffer: 3, maxPublishBatch: 3, maxCoalesceKeys: 3 });
    // A host's listener, subscribed before any stream, that throws on even ids: the hub has
    // stored each event, but listeners after this one (the fan-out's) do not hear of it.
    server.hub.subscribe((event) => {
      if (event.id % 2 === 0) throw new Error(`host listener failed on ${event.id}`);
    });
    const client = await openEventStream(`${url}events`);
    await client.waitFor(() => client.retries.length === 1, 3000, 'the opening');
    const failed: number[] = [];
    for (let n = 1; n <= 8; n++) {
      try {
        server.publish('note', { n });
      } catch {
        failed.push(n);
      }
    }
    expect(failed).toEqual([2, 4, 6, 8]);
    await client.waitFor(() => client.lastEventId() === '8', 3000, 'the last event');
    expect(client.events.filter((event) => event.type === 'reset')).toEqual([]);
    expect(ids(client.events)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    client.close();
  });
});

/** Every id from `from` + 1 to `to` arrives once, in order, or is counted by the reset in its place. */
function expectAccounted(events: readonly SseEvent[], from: number, to: number): void {
  let cursor = from;
  for (const event of events) {
    if (event.type === 'reset') {
      const reset = JSON.parse(event.data) as { missed: number; lastEventId: string; reason: string };
      expect(reset.reason).toBe('expired');
      expect(Number(reset.lastEventId)).toBe(cursor);
      cursor += reset.missed;
      expect(Number(event.lastEventId)).toBe(cursor);
      continue;
    }
    expect(Number(event.lastEventId)).toBe(cursor + 1);
    cursor += 1;
  }
  expect(cursor).toBe(to);
}

/**
 * A host mounting the starter whose GET /events?publishAround=1 publishes, hands the request
 * to the starter, then publishes again, all in one synchronous handler: the deterministic form
 * of a GET read in the same turn as pipelined POSTs on other sockets.
 */
async function hostWithPublishAround(around: (host: { sse: SseServer }) => () => void): Promise<{ sse: SseServer; url: string }> {
  const sse = createServer({
    feedIntervalMs: 0,
    keepAliveMs: 0,
    hub: createMemoryHub({ replayBuffer: 100, replayBufferBytes: 2048, firstId: 1 }),
    maxPublishBatch: 10,
    maxCoalesceKeys: 10,
    onError: () => {},
    log: () => {},
  });
  sse.open();
  const http = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const after = req.url?.includes('publishAround=1') === true ? around({ sse }) : undefined;
    if (!sse.handleRequest(req, res)) res.writeHead(404).end();
    after?.();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    await sse.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });
  return { sse, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/` };
}
