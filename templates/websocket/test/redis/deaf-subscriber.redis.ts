import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { connect, startServer } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';
import { startSilencingProxy } from './silencing-proxy.js';

// The subscriber connection alone goes silent (half-open: no error, no close), while the
// publisher connection keeps answering its PINGs. Without a watchdog of its own the instance
// stays "ready" and deaf: its members hear nothing from other instances.
const health = async (url: string): Promise<number> => (await fetch(`${url}/healthz`)).status;

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

describe('a subscriber connection that goes silent', () => {
  it('is noticed (health 503), replaced, its rooms subscribed again, and the instance hears other instances again', async () => {
    const proxy = await startSilencingProxy(redis.port);
    const statuses: string[] = [];
    const deafened = await startServer({ redisUrl: proxy.url, onRedisStatus: (status, detail) => statuses.push(`${status} ${detail}`) });
    const other = await startServer({ redisUrl: redis.url });
    onTestFailed(() => console.error(`status lines of the deafened instance: ${JSON.stringify(statuses)}`));
    const alice = await connect(`${deafened.wsUrl}?name=alice`);
    const bob = await connect(`${other.wsUrl}?name=bob`);
    await alice.join('lobby');
    await bob.join('lobby');
    bob.send({ type: 'chat', room: 'lobby', text: 'before' });
    expect(await alice.next()).toMatchObject({ from: 'bob', text: 'before' });
    expect(await bob.next()).toMatchObject({ text: 'before' });

    // Only the connection that subscribed: the publisher's PINGs still come back.
    expect(proxy.silence(/SUBSCRIBE/i)).toBe(1);
    await vi.waitFor(async () => expect(await health(deafened.url)).toBe(503), { timeout: 10_000, interval: 20 });
    expect(statuses.join('\n')).toMatch(/lost no answer to PING on the subscriber connection/);
    await vi.waitFor(async () => expect(await health(deafened.url)).toBe(200), { timeout: 20_000, interval: 50 });

    bob.send({ type: 'chat', room: 'lobby', text: 'after' });
    expect(await alice.next(5_000)).toMatchObject({ from: 'bob', text: 'after' });
    alice.send({ type: 'chat', room: 'lobby', text: 'back', id: 'm-1' });
    expect(await bob.next()).toMatchObject({ text: 'after' });
    expect(await bob.next(5_000)).toMatchObject({ from: 'alice', text: 'back' });
  }, 60_000);
});
