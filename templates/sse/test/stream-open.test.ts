import { describe, expect, it, vi } from 'vitest';
import { ids, openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

describe('a new event stream', () => {
  it('carries its cursor from the start, so a drop before the first event still resumes exactly', async () => {
    const { server, url } = await startServer();
    server.hub.publish('tick', { n: 1 });
    server.hub.publish('tick', { n: 2 });
    const quiet = await openEventStream(`${url}events`);
    await quiet.waitFor(() => quiet.lastEventId() !== '', 3000, 'the opening id');
    expect(quiet.lastEventId()).toBe('2');
    expect(quiet.events).toHaveLength(0);
    quiet.close();
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(0));

    // Published while the client was away, before it had seen any event.
    for (let n = 3; n <= 5; n += 1) server.hub.publish('tick', { n });
    const resumed = await openEventStream(`${url}events`, { 'Last-Event-ID': quiet.lastEventId() });
    await resumed.waitForEvents(3);
    expect(ids(resumed.events)).toEqual([3, 4, 5]);
    expect(resumed.events.some((event) => event.type === 'reset')).toBe(false);
    resumed.close();
  });

  it('sends the cursor on a stream that opens before any event was ever published', async () => {
    const { url } = await startServer();
    const client = await openEventStream(`${url}events`);
    await client.waitFor(() => client.raw().includes('\n\n'));
    expect(client.raw()).toMatch(/^retry: \d+\nid: 0\n\n/);
    client.close();
  });

  it('spreads reconnects: each connection gets its own retry: within half to one and a half retryMs', async () => {
    const { url } = await startServer({ retryMs: 2000 });
    const clients = await Promise.all(Array.from({ length: 12 }, () => openEventStream(`${url}events`)));
    const retries: number[] = [];
    for (const client of clients) {
      await client.waitFor(() => client.retries.length > 0);
      retries.push(client.retries[0]!);
      client.close();
    }
    for (const retry of retries) {
      expect(retry).toBeGreaterThanOrEqual(1000);
      expect(retry).toBeLessThanOrEqual(3000);
    }
    expect(new Set(retries).size).toBeGreaterThan(1);
  });
});
