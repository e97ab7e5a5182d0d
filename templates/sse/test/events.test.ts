import { ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { ids, openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

describe('GET /events', () => {
  it('answers with event-stream headers that proxies will not buffer or compress', async () => {
    const { url } = await startServer();
    const client = await openEventStream(`${url}events`);
    const { headers, statusCode } = client.response;
    expect(statusCode).toBe(200);
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(headers['cache-control']).toContain('no-cache');
    expect(headers['x-accel-buffering']).toBe('no');
    expect(headers['content-encoding']).toBeUndefined();
    client.close();
  });

  it('sends retry: (jittered around retryMs) and the cursor first', async () => {
    const { url } = await startServer({ retryMs: 1234 });
    const client = await openEventStream(`${url}events`);
    await client.waitFor(() => client.retries.length > 0);
    expect(client.raw()).toMatch(/^retry: \d+\nid: 0\n\n/);
    expect(client.retries[0]).toBeGreaterThanOrEqual(617);
    expect(client.retries[0]).toBeLessThan(1851);
    client.close();
  });

  it('fans every event out to every subscriber, in order, with increasing integer ids', async () => {
    const { server, url } = await startServer();
    const clients = await Promise.all([1, 2, 3, 4].map(() => openEventStream(`${url}events`)));
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(4));

    for (let n = 1; n <= 5; n += 1) server.hub.publish('tick', { n });
    for (const client of clients) {
      const events = await client.waitForEvents(5);
      expect(ids(events)).toEqual([1, 2, 3, 4, 5]);
      expect(events.map((event) => event.type)).toEqual(['tick', 'tick', 'tick', 'tick', 'tick']);
      expect(events.map((event) => JSON.parse(event.data))).toEqual([1, 2, 3, 4, 5].map((n) => ({ n })));
      client.close();
    }
  });

  it('serialises a broadcast once and writes the same Buffer to every subscriber', async () => {
    const { server, url } = await startServer();
    const clients = await Promise.all([1, 2, 3].map(() => openEventStream(`${url}events`)));
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(3));
    await Promise.all(clients.map((client) => client.waitFor(() => client.retries.length > 0)));

    const write = vi.spyOn(ServerResponse.prototype, 'write');
    try {
      const published = server.hub.publish('tick', { n: 1 });
      // Written at the end of the I/O turn (src/turn-fanout.ts), whose setImmediate came first.
      await new Promise((resolve) => setImmediate(resolve));
      const chunks = write.mock.calls.map(([chunk]) => chunk);
      expect(chunks).toHaveLength(3);
      for (const chunk of chunks) expect(chunk).toBe(published.frame);
    } finally {
      write.mockRestore();
    }
    await Promise.all(clients.map((client) => client.waitForEvents(1)));
  });

  it('publishes the simulated temperature feed on its interval', async () => {
    const { url } = await startServer({ feedIntervalMs: 20 });
    const client = await openEventStream(`${url}events`);
    const events = await client.waitForEvents(3);
    expect(events.every((event) => event.type === 'temperature')).toBe(true);
    const [first, second, third] = ids(events);
    expect(second).toBe(Number(first) + 1);
    expect(third).toBe(Number(first) + 2);
    expect(JSON.parse(events[0]?.data ?? '')).toMatchObject({ value: expect.any(Number), unit: 'F' });
    client.close();
  });

  it('sends a keep-alive comment every keepAliveMs', async () => {
    const { url } = await startServer({ keepAliveMs: 30 });
    const client = await openEventStream(`${url}events`);
    await client.waitFor(() => client.comments.length >= 2, 2000, 'two keep-alive comments');
    expect(client.comments.slice(0, 2)).toEqual(['keep-alive', 'keep-alive']);
    expect(client.raw()).toContain('\n: keep-alive\n\n');
    client.close();
  });

  it('forgets a subscriber when it disconnects', async () => {
    const { server, url } = await startServer();
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));
    client.close();
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(0));
  });
});
