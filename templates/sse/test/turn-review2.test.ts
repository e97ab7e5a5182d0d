import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMemoryHub } from '../src/event-hub.js';
import { createServer, type SseServer } from '../src/server.js';
import { ids, openEventStream } from './helpers/event-stream-client.js';

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
