import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SseEvent } from '../../public/sse-parser.js';
import { openEventStream } from '../helpers/event-stream-client.js';
import { eventually, healthStatus, publishOver, startInstance, streamKey, type Instance } from './instances.js';
import { startRedis, type RedisServer } from './redis-server.js';

let redis: RedisServer;
const instances: Instance[] = [];

beforeAll(async () => {
  // Without persistence: a SIGKILL and restart leave an empty Redis, as a cache-configured
  // Redis (or a failover to an empty replica) would.
  redis = await startRedis({ durable: false });
});

afterAll(async () => {
  await Promise.all(instances.splice(0).map(({ server }) => server.stop()));
  await redis?.stop();
});

/** What a client saw after tick `n`: `reset` or `tick:<n>`, in order. */
function after(events: readonly SseEvent[], n: number): string[] {
  const index = events.findIndex((event) => event.type === 'tick' && (JSON.parse(event.data) as { n: number }).n === n);
  return events.slice(index + 1).map((event) => (event.type === 'tick' ? `tick:${(JSON.parse(event.data) as { n: number }).n}` : event.type));
}

describe('Redis restarted without persistence (its stream is gone)', () => {
  it('tells every subscriber, live or resuming, with an explicit reset before the next events: never a silent gap', async () => {
    const key = streamKey();
    const a = await startInstance(redis.url, key);
    const b = await startInstance(redis.url, key);
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
    await redis.kill();
    await redis.restart();
    expect(await redis.command(`EXISTS ${key}`)).toBe(':0');
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
