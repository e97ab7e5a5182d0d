import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../../public/sse-parser.js';
import { openEventStream } from '../helpers/event-stream-client.js';
import { eventually, healthStatus, publishOver, redisFixture, startInstance, streamKey } from './instances.js';
import { startBlackholeProxy } from './blackhole-proxy.js';

// Without persistence: a SIGKILL and restart leave an empty Redis, as a cache-configured
// Redis (or a failover to an empty replica) would.
const fixture = redisFixture({ durable: false });
const { instances } = fixture;


/** What a client saw after tick `n`: `reset` or `tick:<n>`, in order. */
function after(events: readonly SseEvent[], n: number): string[] {
  const index = events.findIndex((event) => event.type === 'tick' && (JSON.parse(event.data) as { n: number }).n === n);
  return events.slice(index + 1).map((event) => (event.type === 'tick' ? `tick:${(JSON.parse(event.data) as { n: number }).n}` : event.type));
}

describe('Redis restarted without persistence (its stream is gone)', () => {
  it('tells every subscriber, live or resuming, with an explicit reset before the next events: never a silent gap', async () => {
    const key = streamKey();
    const a = await startInstance(fixture.redis.url, key);
    const b = await startInstance(fixture.redis.url, key);
    instances.push(a, b);
    const liveA = await openEventStream(`${a.url}events`);
    const liveB = await openEventStream(`${b.url}events`);
    const ids: string[] = [];
    for (let n = 0; n < 10; n += 1) {
      const { status, id } = await publishOver(a.url, 'tick', { n });
      expect(status).toBe(202);
      ids.push(id!);
    }
    for (const client of [liveA, liveB]) await client.waitFor(() => after(client.events, -1).includes('tick:9'), 5000, 'tick 9');
    const held = ids[9]!;

    // Events Redis accepted after the instances' readers last looked may be gone with it:
    // nobody can tell, so subscribers must be told to resynchronise.
    await fixture.redis.kill();
    await fixture.redis.restart();
    expect(await fixture.redis.command(`EXISTS ${key}`)).toBe(':0');
    await eventually(async () => (await healthStatus(a.url)) === 200 && (await healthStatus(b.url)) === 200, 15_000, '/healthz 200 on both');
    const resumedAtHead = await openEventStream(`${b.url}events`, { 'Last-Event-ID': held });
    const resumedOlder = await openEventStream(`${a.url}events`, { 'Last-Event-ID': ids[6]! });
    expect((await publishOver(b.url, 'tick', { n: 10 })).status).toBe(202);

    for (const [name, client] of [
      ['live on a', liveA],
      ['live on b', liveB],
    ] as const) {
      await client.waitFor(() => after(client.events, 9).includes('tick:10'), 10_000, `tick 10 (${name})`).catch(() => {});
      expect(after(client.events, 9), `${name}; ${JSON.stringify(client.events.slice(-3))}; logs: ${[...a.logs, "--", ...b.logs].join(" / ")}`).toEqual(["reset", "tick:10"]);
      const reset = client.events.find((event) => event.type === 'reset')!;
      expect(JSON.parse(reset.data), name).toEqual({ reason: 'expired', missed: null, lastEventId: held });
    }
    await resumedAtHead.waitFor(() => after(resumedAtHead.events, 9).includes('tick:10'), 5000, 'tick 10').catch(() => {});
    expect(resumedAtHead.events.map((event) => event.type)).toEqual(['reset', 'tick']);
    // Events the instance still holds are real events: sent, then the reset, then the new ones.
    await resumedOlder.waitFor(() => after(resumedOlder.events, 9).includes('tick:10'), 5000, 'tick 10').catch(() => {});
    expect(after(resumedOlder.events, 6)).toEqual(['tick:7', 'tick:8', 'tick:9', 'reset', 'tick:10']);
    expect([...a.logs, ...b.logs].filter((line) => line.startsWith('error'))).toEqual([]);
    for (const client of [liveA, liveB, resumedAtHead, resumedOlder]) client.close();
  });
});

describe('Redis restarted from an older snapshot (it lost more than the last event)', () => {
  it('tells live and resuming subscribers with a reset, though Redis still holds older events of the stream', async () => {
    const key = streamKey();
    const a = await startInstance(fixture.redis.url, key);
    const b = await startInstance(fixture.redis.url, key);
    instances.push(a, b);
    const liveA = await openEventStream(`${a.url}events`);
    const liveB = await openEventStream(`${b.url}events`);
    const ids: string[] = [];
    for (let n = 0; n < 10; n += 1) {
      if (n === 5) expect(await fixture.redis.command('SAVE')).toBe('+OK');
      const { status, id } = await publishOver(n % 2 === 0 ? a.url : b.url, 'tick', { n });
      expect(status).toBe(202);
      ids.push(id!);
    }
    for (const client of [liveA, liveB]) await client.waitFor(() => after(client.events, -1).includes('tick:9'), 5000, 'tick 9');

    // Back from the snapshot taken after tick 4: ticks 5 to 9 are gone, 0 to 4 are still there.
    await fixture.redis.kill();
    await fixture.redis.restart();
    expect(await fixture.redis.command(`XLEN ${key}`)).toBe(':5');
    await eventually(async () => (await healthStatus(a.url)) === 200 && (await healthStatus(b.url)) === 200, 15_000, '/healthz 200 on both');
    const resumedInLoss = await openEventStream(`${b.url}events`, { 'Last-Event-ID': ids[7]! });
    const resumedBefore = await openEventStream(`${a.url}events`, { 'Last-Event-ID': ids[2]! });
    expect((await publishOver(b.url, 'tick', { n: 10 })).status).toBe(202);

    for (const [name, client] of [
      ['live on a', liveA],
      ['live on b', liveB],
    ] as const) {
      await client.waitFor(() => after(client.events, 9).includes('tick:10'), 10_000, `tick 10 (${name})`).catch(() => {});
      expect(after(client.events, 9), name).toEqual(['reset', 'tick:10']);
    }
    await resumedInLoss.waitFor(() => after(resumedInLoss.events, -1).includes('tick:10'), 5000, 'tick 10').catch(() => {});
    expect(after(resumedInLoss.events, 7)).toEqual(['tick:8', 'tick:9', 'reset', 'tick:10']);
    await resumedBefore.waitFor(() => after(resumedBefore.events, -1).includes('tick:10'), 5000, 'tick 10').catch(() => {});
    expect(after(resumedBefore.events, 2)).toEqual(['tick:3', 'tick:4', 'tick:5', 'tick:6', 'tick:7', 'tick:8', 'tick:9', 'reset', 'tick:10']);
    for (const client of [liveA, liveB, resumedInLoss, resumedBefore]) client.close();
  });

  it('resets even when this instance\'s reader had not read the lost events yet: the ids it published are checked too', async () => {
    const proxy = await startBlackholeProxy(fixture.redis.port);
    try {
      const key = streamKey();
      const a = await startInstance(proxy.url, key, { redisTimeoutMs: 1000 });
      instances.push(a);
      // The store connects its command connection first, then the reader.
      expect(proxy.accepted).toBe(2);
      const client = await openEventStream(`${a.url}events`);
      for (let n = 0; n < 3; n += 1) expect((await publishOver(a.url, 'tick', { n })).status).toBe(202);
      await client.waitFor(() => after(client.events, -1).includes('tick:2'), 5000, 'tick 2');
      expect(await fixture.redis.command('SAVE')).toBe('+OK');
      // The reader stops hearing (half-open); ticks 3 and 4 are accepted (202) after the snapshot.
      proxy.blackhole(2);
      for (let n = 3; n < 5; n += 1) expect((await publishOver(a.url, 'tick', { n })).status).toBe(202);
      await fixture.redis.kill();
      await fixture.redis.restart();
      expect(await fixture.redis.command(`XLEN ${key}`)).toBe(':3');
      // The reader is replaced once its XREAD is overdue (5 s + REDIS_TIMEOUT_MS); it still finds tick 2.
      await eventually(() => a.logs.some((line) => line.startsWith('Redis no longer holds event')), 20_000, 'the loss noticed');
      await eventually(async () => (await healthStatus(a.url)) === 200, 15_000, '/healthz 200').catch((error: unknown) => {
        throw new Error(`${String(error)}; ${JSON.stringify(a.server.stats().redis)}; logs: ${a.logs.join(' / ')}`);
      });
      expect((await publishOver(a.url, 'tick', { n: 5 })).status).toBe(202);
      await client.waitFor(() => after(client.events, -1).includes('tick:5'), 10_000, 'tick 5').catch(() => {});
      expect(after(client.events, 2), a.logs.join(' / ')).toEqual(['reset', 'tick:5']);
      client.close();
    } finally {
      await proxy.close();
    }
  });
});
