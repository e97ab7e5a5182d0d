import { describe, expect, it, vi } from 'vitest';
import { openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

describe('graceful drain', () => {
  it('answers /healthz with 503 for drainDelayMs while still serving, then ends every stream', async () => {
    const { server, url } = await startServer({ drainDelayMs: 1500 });
    const early = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    const started = Date.now();
    const stopped = server.stop();

    const health = await fetch(`${url}healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'draining' });
    // Still serving: a new subscriber is accepted and events still flow to everyone.
    const late = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(2));
    server.hub.publish('tick', { n: 1 });
    await Promise.all([early.waitForEvents(1), late.waitForEvents(1)]);

    await stopped;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1490);
    expect(await early.finished).toBe('end');
    expect(await late.finished).toBe('end');
    await expect(fetch(`${url}healthz`)).rejects.toThrow();
  });

  it('closes at once with drainDelayMs 0 (the default)', async () => {
    const { server, url } = await startServer();
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));
    await server.stop();
    expect(await client.finished).toBe('end');
    expect(server.httpServer.listening).toBe(false);
  });
});
