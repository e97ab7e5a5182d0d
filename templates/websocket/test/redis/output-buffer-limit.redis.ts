import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { channelOf } from '../../src/room-bus.js';
import { connect, startServer } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

// Redis closes a subscriber whose unsent output passes `client-output-buffer-limit pubsub`
// (default 32mb hard, or 8mb for 60 s): an instance too slow to read its rooms' traffic is
// disconnected. Here the limit is tiny, so one large message published on a room does it.
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis(['--client-output-buffer-limit', 'pubsub 1kb 0 0']);
});
afterAll(() => redis?.stop());

describe('a subscriber disconnected by Redis for its output buffer', () => {
  it('is reconnected and its rooms subscribed again: the instance reports it, then carries messages again', async () => {
    const statuses: string[] = [];
    const { url, wsUrl } = await startServer({ redisUrl: redis.url, onRedisStatus: (status, detail) => statuses.push(`${status} ${detail}`) });
    onTestFailed(() => console.error(`status lines: ${JSON.stringify(statuses)}`));
    const alice = await connect(`${wsUrl}?name=alice`);
    await alice.join('lobby');
    alice.send({ type: 'chat', room: 'lobby', text: 'before', id: 'm-1' });
    expect(await alice.next()).toMatchObject({ text: 'before' });

    const flood = createClient({ url: redis.url });
    await flood.connect();
    try {
      // Far over the limit in one go: Redis drops the subscriber connection (the message with it).
      await flood.publish(channelOf('lobby'), `x 0\n{"big":"${'x'.repeat(256 * 1024)}"}`);
    } finally {
      flood.destroy();
    }
    await vi.waitFor(() => expect(statuses.some((line) => line.startsWith('lost'))).toBe(true), { timeout: 5_000, interval: 20 });
    await vi.waitFor(async () => expect((await fetch(`${url}/healthz`)).status).toBe(200), { timeout: 10_000, interval: 50 });
    expect(statuses.at(-1)).toMatch(/^ready/);

    alice.send({ type: 'chat', room: 'lobby', text: 'after', id: 'm-2' });
    expect(await alice.next(5_000)).toMatchObject({ text: 'after', id: 'm-2' });
  }, 30_000);
});
