import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectRedisBus } from '../../src/redis-bus.js';
import { channelOf } from '../../src/room-bus.js';
import { connect, delay, startServer } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

// What an instance is subscribed to after a Redis outage, and what "ready" means after one.
// In-process servers (src/server.ts) against a real redis-server that is killed and restarted.
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

/** Subscribers Redis counts on a room's channel: one per instance subscribed to it. */
async function subscribersOf(room: string): Promise<number> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    return (await client.pubSubNumSub(channelOf(room)))[channelOf(room)] ?? 0;
  } finally {
    client.destroy();
  }
}

async function outage(healthy: () => boolean, during: () => Promise<void>): Promise<void> {
  await redis.kill();
  await vi.waitFor(() => expect(healthy()).toBe(false), { timeout: 5_000, interval: 20 });
  await during();
  await redis.restart();
  await vi.waitFor(() => expect(healthy()).toBe(true), { timeout: 20_000, interval: 20 });
}

describe('subscriptions across a Redis outage', () => {
  it('a room left during the outage is not subscribed again when Redis is back', async () => {
    const { server, wsUrl } = await startServer({ redisUrl: redis.url });
    const alice = await connect(wsUrl);
    await alice.join('left-in-the-dark');
    await alice.join('kept');
    expect(await subscribersOf('left-in-the-dark')).toBe(1);
    await outage(server.chat.healthy, async () => {
      alice.send({ type: 'leave', room: 'left-in-the-dark' });
      expect(await alice.next()).toEqual({ type: 'left', room: 'left-in-the-dark' });
    });
    // node-redis resubscribes every channel it had confirmed: before the fix this room came
    // back with no member on the instance, for good.
    expect(await subscribersOf('left-in-the-dark')).toBe(0);
    expect(await subscribersOf('kept')).toBe(1);
  }, 40_000);

  it('a join refused during the outage leaves no subscription behind', async () => {
    const { server, wsUrl } = await startServer({ redisUrl: redis.url });
    const alice = await connect(wsUrl);
    await alice.join('lobby');
    await outage(server.chat.healthy, async () => {
      alice.send({ type: 'join', room: 'refused' });
      expect(await alice.next()).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
    });
    expect(await subscribersOf('refused')).toBe(0);
    expect(await subscribersOf('lobby')).toBe(1);
    // And a later join of it works.
    await alice.join('refused');
    expect(await subscribersOf('refused')).toBe(1);
  }, 40_000);

  it('ready again means every room\'s SUBSCRIBE is confirmed: a message at once is delivered', async () => {
    const options = { redisUrl: redis.url, maxRoomsPerClient: 50, messageRate: 1_000, messageBurst: 1_000 };
    const [one, two] = [await startServer(options), await startServer(options)];
    const alice = await connect(`${one.wsUrl}?name=alice`);
    const bob = await connect(`${two.wsUrl}?name=bob`);
    const rooms = Array.from({ length: 50 }, (_, i) => `r${i}`);
    for (const room of rooms) await alice.join(room);
    await bob.join('r49');
    await redis.kill();
    await vi.waitFor(() => expect(one.server.chat.healthy() || two.server.chat.healthy()).toBe(false), { timeout: 5_000, interval: 20 });
    await redis.restart();
    // The moment both say ready, publish: nothing may be missed by a SUBSCRIBE still in flight.
    await vi.waitFor(() => expect(one.server.chat.healthy() && two.server.chat.healthy()).toBe(true), { timeout: 20_000, interval: 5 });
    bob.send({ type: 'chat', room: 'r49', text: 'first after' });
    expect(await alice.next(5_000)).toMatchObject({ from: 'bob', text: 'first after' });
    // One instance per room, two (both) for r49.
    for (const room of rooms) expect(await subscribersOf(room)).toBe(room === 'r49' ? 2 : 1);
  }, 40_000);
});

describe('quick Redis restarts', () => {
  it('after each of 10, a message published at once comes back: no connection is called ready on a dead socket', async () => {
    const received: string[] = [];
    const bus = await connectRedisBus(redis.url, (_room, payload) => received.push(payload));
    try {
      for (let i = 0; i < 20; i += 1) await bus.subscribe(`r${i}`);
      for (let round = 0; round < 10; round += 1) {
        await redis.kill();
        await vi.waitFor(() => expect(bus.ready()).toBe(false), { timeout: 5_000, interval: 5 });
        await redis.restart();
        await vi.waitFor(() => expect(bus.ready()).toBe(true), { timeout: 20_000, interval: 5 });
        // A reconnect that reached the dying Redis used to be "ready" with a dead socket: this
        // PUBLISH then never got an answer (and the watchdog's PING neither).
        const payload = `x 0\n{"round":${round}}`;
        await bus.publish('r19', payload);
        await vi.waitFor(() => expect(received).toContain(payload), { timeout: 2_000, interval: 10 });
      }
    } finally {
      await bus.close();
    }
  }, 120_000);
});

describe('the PING watchdog on a loaded machine', () => {
  it('does not call Redis lost when this process was too busy to read a PONG that came in time', async () => {
    const statuses: string[] = [];
    const bus = await connectRedisBus(redis.url, () => {}, { onStatus: (status, detail) => statuses.push(`${status} ${detail}`) });
    try {
      // A PING is sent within a second and stays unanswered while Redis is stopped...
      redis.pause();
      await delay(1_200);
      redis.resume();
      // ...its PONG arrives at once, but this process does not run for 2 s (a loaded machine),
      // so the watchdog's 2 s timer is overdue when it runs again, before the socket is read.
      const until = Date.now() + 2_000;
      while (Date.now() < until) {
        // busy: no timers, no I/O
      }
      await delay(300);
      expect(statuses).toEqual([]);
      expect(bus.ready()).toBe(true);
    } finally {
      redis.resume();
      await bus.close();
    }
  }, 20_000);
});

describe('stopping while Redis hangs', () => {
  it('close() settles although a hung Redis never answers what was sent to it', async () => {
    const bus = await connectRedisBus(redis.url, () => {});
    await bus.subscribe('lobby');
    redis.pause();
    try {
      // Sent into the hung connection: close() used to wait for its reply for ever.
      const publishing = bus.publish('lobby', 'x 0\n{}').catch(() => {});
      const started = Date.now();
      await bus.close();
      expect(Date.now() - started).toBeLessThan(10_000);
      await publishing;
    } finally {
      redis.resume();
    }
  }, 20_000);
});
