import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { type ChildServer, startChildServer } from '../campaign/child-server.js';
import { connect, refusedStatus } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

// Redis crashes under two running instances (real processes, src/main.ts) and comes back.
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

const health = async (url: string): Promise<number> => (await fetch(`${url}/healthz`)).status;
const wsOf = (url: string): string => `${url.replace('http', 'ws')}/ws`;

/** Two instances of `npm start`; a failing test prints what they logged (their Redis status lines). */
async function twoChildren(): Promise<[ChildServer, ChildServer]> {
  const one = await startChildServer({ REDIS_URL: redis.url }, 1024);
  const two = await startChildServer({ REDIS_URL: redis.url }, 1024);
  onTestFailed(() => console.error(`instance one:\n${one.output()}\ninstance two:\n${two.output()}`));
  return [one, two];
}

describe('Redis lost while running', () => {
  it('answers 503 and refuses what it cannot carry, reconnects with backoff, resubscribes rooms, never crashes', async () => {
    const [one, two] = await twoChildren();
    expect(one.output()).toContain('rooms shared through Redis');
    const alice = await connect(`${wsOf(one.url)}?name=alice`);
    const bob = await connect(`${wsOf(two.url)}?name=bob`);
    await alice.join('lobby');
    await bob.join('lobby');
    alice.send({ type: 'chat', room: 'lobby', text: 'before', id: 'm-1' });
    expect(await bob.next()).toMatchObject({ text: 'before' });
    expect(await alice.next()).toMatchObject({ text: 'before', id: 'm-1' });

    await redis.kill();
    await vi.waitFor(async () => {
      expect(await health(one.url)).toBe(503);
      expect(await health(two.url)).toBe(503);
    }, { timeout: 5_000, interval: 50 });
    expect(one.output()).toContain('lost Redis');

    // Nothing is queued behind the dead connection: each refusal is said, at once.
    alice.send({ type: 'chat', room: 'lobby', text: 'during', id: 'm-2' });
    expect(await alice.next()).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
    alice.send({ type: 'join', room: 'elsewhere' });
    expect(await alice.next()).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
    // A new client is sent elsewhere (a balancer retries another instance on 503).
    expect(await refusedStatus(wsOf(two.url))).toBe(503);
    await expect(bob.next(300)).rejects.toThrow(/no message/);

    await redis.restart();
    await vi.waitFor(async () => {
      expect(await health(one.url)).toBe(200);
      expect(await health(two.url)).toBe(200);
    }, { timeout: 20_000, interval: 100 });
    expect(two.output()).toContain('Redis is back');

    // The rooms joined before the outage work again, across instances, both ways.
    alice.send({ type: 'chat', room: 'lobby', text: 'after', id: 'm-3' });
    expect(await bob.next(5_000)).toMatchObject({ from: 'alice', text: 'after' });
    expect(await alice.next()).toMatchObject({ text: 'after', id: 'm-3' });
    bob.send({ type: 'typing', room: 'lobby' });
    expect(await alice.next()).toEqual({ type: 'typing', room: 'lobby', user: 'bob' });
    await alice.join('elsewhere');
    const carol = await connect(`${wsOf(two.url)}?name=carol`);
    await carol.join('elsewhere');
    carol.send({ type: 'chat', room: 'elsewhere', text: 'new room' });
    expect(await alice.next()).toMatchObject({ from: 'carol', text: 'new room' });

    for (const server of [one, two]) {
      expect(server.child.exitCode).toBeNull();
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
  }, 60_000);

  it('a second outage is recovered from as well', async () => {
    const [one, two] = await twoChildren();
    const alice = await connect(wsOf(one.url));
    const bob = await connect(wsOf(two.url));
    await alice.join('lobby');
    await bob.join('lobby');
    for (let round = 0; round < 2; round += 1) {
      await redis.kill();
      // Both must have seen the crash: one that sees it only after the restart drops its
      // connections then, and misses what is published in the gap.
      await vi.waitFor(async () => {
        expect(await health(one.url)).toBe(503);
        expect(await health(two.url)).toBe(503);
      }, { timeout: 5_000, interval: 50 });
      await redis.restart();
      await vi.waitFor(async () => {
        expect(await health(one.url)).toBe(200);
        expect(await health(two.url)).toBe(200);
      }, { timeout: 20_000, interval: 100 });
      bob.send({ type: 'chat', room: 'lobby', text: `round ${round}` });
      expect(await alice.next(5_000)).toMatchObject({ text: `round ${round}` });
      expect(await bob.next(5_000)).toMatchObject({ text: `round ${round}` });
    }
    // Each instance said so both times, and its last word is that Redis is back (a status stuck
    // at "lost" once hid a stalled connection). More than two is allowed: node-redis reconnects
    // at once when a socket closes, and can get in and out of a Redis that is still dying.
    for (const server of [one, two]) {
      expect(server.output().match(/Redis is back/g)?.length).toBeGreaterThanOrEqual(2);
      expect(server.output().trim().split('\n').at(-1)).toContain('Redis is back');
    }
    for (const server of [one, two]) {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
  }, 60_000);

  it('sees a Redis that hangs with its sockets open (SIGSTOP): 503 and UNAVAILABLE, then back on SIGCONT', async () => {
    const [one, two] = await twoChildren();
    const alice = await connect(`${wsOf(one.url)}?name=alice`);
    const bob = await connect(`${wsOf(two.url)}?name=bob`);
    await alice.join('lobby');
    await bob.join('lobby');
    redis.pause();
    try {
      await vi.waitFor(async () => {
        expect(await health(one.url)).toBe(503);
        expect(await health(two.url)).toBe(503);
      }, { timeout: 10_000, interval: 100 });
      expect(one.output()).toContain('no answer to PING');
      alice.send({ type: 'chat', room: 'lobby', text: 'into the void?', id: 'm-1' });
      expect(await alice.next()).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
    } finally {
      redis.resume();
    }
    await vi.waitFor(async () => {
      expect(await health(one.url)).toBe(200);
      expect(await health(two.url)).toBe(200);
    }, { timeout: 10_000, interval: 100 });
    alice.send({ type: 'chat', room: 'lobby', text: 'awake', id: 'm-2' });
    expect(await bob.next()).toMatchObject({ from: 'alice', text: 'awake' });
    expect(await alice.next()).toMatchObject({ text: 'awake', id: 'm-2' });
    for (const server of [one, two]) {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
  }, 60_000);
});
