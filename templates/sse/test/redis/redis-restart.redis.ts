import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../../public/sse-parser.js';
import { openEventStream } from '../helpers/event-stream-client.js';
import { eventually, healthStatus, publishOver, redisFixture, startInstance, streamKey } from './instances.js';
import { startBlackholeProxy } from './blackhole-proxy.js';

// Durable (append-only file, fsync per write): "nothing Redis accepted is lost" holds across
// a SIGKILL only for a Redis that persists what it acknowledges.
const fixture = redisFixture({ durable: true });
const { instances } = fixture;


function ticks(events: readonly SseEvent[]): number[] {
  return events.filter((event) => event.type === 'tick').map((event) => (JSON.parse(event.data) as { n: number }).n);
}

describe('Redis killed and restarted mid-stream', () => {
  it('instances report it on /healthz, refuse publishes with 503, recover, and no accepted event is lost', async () => {
    const key = streamKey();
    const a = await startInstance(fixture.redis.url, key);
    const b = await startInstance(fixture.redis.url, key);
    instances.push(a, b);
    const staying = await openEventStream(`${a.url}events`);
    const leaving = await openEventStream(`${b.url}events`);

    const accepted: number[] = [];
    const refused: number[] = [];
    let n = 0;
    let publishing = true;
    const publisher = (async () => {
      while (publishing) {
        const target = n % 2 === 0 ? a : b;
        const { status } = await publishOver(target.url, 'tick', { n });
        if (status === 202) accepted.push(n);
        else if (status === 503) refused.push(n);
        else throw new Error(`unexpected status ${status} for tick ${n}`);
        n += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    // Deadlines, not speed goals: on a loaded shared machine an fsync per XADD (appendfsync
    // always) can make 30 publishes take well over 10 s.
    await eventually(() => accepted.length >= 30, 30_000, '30 accepted ticks');
    await fixture.redis.kill();
    await eventually(async () => (await healthStatus(a.url)) === 503 && (await healthStatus(b.url)) === 503, 5000, '/healthz 503 on both');
    await eventually(() => refused.length >= 5, 5000, 'refused publishes');
    // A client that drops during the outage.
    leaving.close();
    const leftAt = leaving.lastEventId();

    await fixture.redis.restart();
    await eventually(async () => (await healthStatus(a.url)) === 200 && (await healthStatus(b.url)) === 200, 15_000, '/healthz 200 on both');
    const acceptedBefore = accepted.length;
    await eventually(() => accepted.length >= acceptedBefore + 30, 30_000, '30 more accepted ticks');
    publishing = false;
    await publisher;

    // It comes back on the other instance.
    const back = await openEventStream(`${a.url}events`, { 'Last-Event-ID': leftAt });
    const everyAccepted = (received: number[]) => accepted.every((tick) => received.includes(tick));
    await staying.waitFor(() => everyAccepted(ticks(staying.events)), 10_000, 'every accepted tick on the staying client');
    const resumed = () => [...ticks(leaving.events), ...ticks(back.events)];
    await back.waitFor(() => everyAccepted(resumed()), 10_000, 'every accepted tick on the resumed client');

    for (const received of [ticks(staying.events), resumed()]) {
      // In order, once each, and nothing that was never published. A refused tick may still
      // appear: Redis can store an XADD whose reply the crash cut off (the publisher got 503).
      expect(received).toEqual([...new Set(received)].sort((x, y) => x - y));
      expect(received.every((tick) => accepted.includes(tick) || refused.includes(tick))).toBe(true);
    }
    expect(refused.length).toBeGreaterThan(0);
    expect(a.logs.some((line) => line.startsWith('Redis connection lost'))).toBe(true);
    expect(a.logs).toContain('Redis connection back');
    expect([...a.logs, ...b.logs].filter((line) => line.startsWith('error'))).toEqual([]);
    staying.close();
    back.close();
  });

  it('answers GET /events with 503 and Retry-After while /healthz says 503, so the balancer or the client retries elsewhere; streams again once Redis is back', async () => {
    const key = streamKey();
    const a = await startInstance(fixture.redis.url, key, { retryMs: 2500 });
    instances.push(a);
    const { id } = await publishOver(a.url, 'tick', { n: 0 });
    await fixture.redis.kill();
    try {
      await eventually(async () => (await healthStatus(a.url)) === 503, 5000, '/healthz 503');
      for (const headers of [{}, { 'Last-Event-ID': id! }] as Record<string, string>[]) {
        const response = await fetch(new URL('events', a.url), { headers });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('3');
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('store_unavailable');
      }
    } finally {
      await fixture.redis.restart();
    }
    await eventually(async () => (await healthStatus(a.url)) === 200, 15_000, '/healthz 200');
    const client = await openEventStream(`${a.url}events`, { 'Last-Event-ID': id! });
    expect((await publishOver(a.url, 'tick', { n: 1 })).status).toBe(202);
    await client.waitFor(() => ticks(client.events).includes(1), 5000, 'tick 1');
    expect(ticks(client.events)).toEqual([1]);
    client.close();
  });

  it('sees a Redis that hangs with its sockets open (SIGSTOP): healthz 503 and publishes 503, then recovers', async () => {
    const key = streamKey();
    const a = await startInstance(fixture.redis.url, key, { redisTimeoutMs: 1000 });
    instances.push(a);
    const client = await openEventStream(`${a.url}events`);
    expect((await publishOver(a.url, 'tick', { n: 0 })).status).toBe(202);
    fixture.redis.pause();
    try {
      // REDIS_TIMEOUT_MS is 1000 here: the publish fails after it, and a PING within a second after.
      expect((await publishOver(a.url, 'tick', { n: 1 })).status).toBe(503);
      await eventually(async () => (await healthStatus(a.url)) === 503, 5000, '/healthz 503');
    } finally {
      fixture.redis.resume();
    }
    await eventually(async () => (await healthStatus(a.url)) === 200, 5000, '/healthz 200');
    expect((await publishOver(a.url, 'tick', { n: 2 })).status).toBe(202);
    // The timed-out publish may or may not have been stored (Redis got it before it froze).
    await client.waitFor(() => ticks(client.events).includes(2), 5000, 'tick 2');
    expect(ticks(client.events)[0]).toBe(0);
    expect(ticks(client.events).at(-1)).toBe(2);
    expect(a.logs.some((line) => line.includes('no answer to PING'))).toBe(true);
    client.close();
  });
});

describe('A reader connection that goes silent (half-open TCP)', () => {
  it('is replaced once its XREAD is overdue, so local subscribers get what was published meanwhile', async () => {
    const proxy = await startBlackholeProxy(fixture.redis.port);
    try {
      const key = streamKey();
      const a = await startInstance(proxy.url, key, { redisTimeoutMs: 1000 });
      instances.push(a);
      // The store connects its command connection first, then the reader.
      expect(proxy.accepted).toBe(2);
      const client = await openEventStream(`${a.url}events`);
      expect((await publishOver(a.url, 'tick', { n: 0 })).status).toBe(202);
      await client.waitFor(() => ticks(client.events).includes(0), 5000, 'tick 0');
      proxy.blackhole(2);
      // Accepted by Redis over the command connection; the reader's XREAD never answers.
      expect((await publishOver(a.url, 'tick', { n: 1 })).status).toBe(202);
      // Overdue after its BLOCK (5 s) plus REDIS_TIMEOUT_MS (1 s): a new reader goes on from tick 0.
      await client.waitFor(() => ticks(client.events).includes(1), 15_000, 'tick 1 through a new reader').catch(() => {});
      expect(ticks(client.events)).toEqual([0, 1]);
      expect(client.events.some((event) => event.type === 'reset')).toBe(false);
      expect(proxy.accepted).toBe(3);
      expect(a.logs.some((line) => line.includes('Redis reader: no answer'))).toBe(true);
      client.close();
      await a.server.stop();
    } finally {
      await proxy.close();
    }
  });
});

describe('A command connection that goes silent (half-open TCP)', () => {
  it('is replaced after two unanswered PINGs: /healthz 503, then 200 and publishes accepted again, nothing missed by subscribers', async () => {
    const proxy = await startBlackholeProxy(fixture.redis.port);
    try {
      const key = streamKey();
      const a = await startInstance(proxy.url, key, { redisTimeoutMs: 1000 });
      instances.push(a);
      expect(proxy.accepted).toBe(2);
      const client = await openEventStream(`${a.url}events`);
      expect((await publishOver(a.url, 'tick', { n: 0 })).status).toBe(202);
      proxy.blackhole(1);
      await eventually(async () => (await healthStatus(a.url)) === 503, 5000, '/healthz 503');
      await eventually(async () => (await healthStatus(a.url)) === 200, 15_000, '/healthz 200 on a new connection');
      expect(proxy.accepted).toBe(3);
      expect((await publishOver(a.url, 'tick', { n: 1 })).status).toBe(202);
      await client.waitFor(() => ticks(client.events).includes(1), 5000, 'tick 1');
      expect(ticks(client.events)).toEqual([0, 1]);
      expect(a.logs).toContain('Redis command connection: no answer to two PINGs; replacing it');
      client.close();
      await a.server.stop();
    } finally {
      await proxy.close();
    }
  });
});
