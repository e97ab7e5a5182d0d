import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/server.js';
import { connect, startServer, type TestClient } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

// With Redis, an instance's own members get its events only when Redis hands them back. A stop()
// right after a publish used to send 1001 before they were back: the stopping instance's members
// lost the last events every other instance delivered (review: the last 50 of 2,056), and a
// sender got the close where its acknowledgement should have been.
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

/** Every chat text the client got before its connection closed, and the close code. */
async function untilClosed(client: TestClient): Promise<{ texts: string[]; code: number }> {
  const { code } = await client.closed;
  const texts: string[] = [];
  while (client.pending > 0) {
    const message: ServerMessage = await client.next();
    if (message.type === 'chat') texts.push(message.text);
  }
  return { texts, code };
}

describe('stop() with Redis', () => {
  it("delivers the events this instance published before it to this instance's own members, then 1001", async () => {
    const one = await startServer({ redisUrl: redis.url, drainDelayMs: 0 });
    const two = await startServer({ redisUrl: redis.url });
    const alice = await connect(`${one.wsUrl}?name=alice`);
    const carol = await connect(`${one.wsUrl}?name=carol`);
    const bob = await connect(`${two.wsUrl}?name=bob`);
    for (const client of [alice, carol, bob]) await client.join('last');

    const published = Array.from({ length: 200 }, (_, i) => `m${i}`);
    for (const text of published) one.server.chat.publish('last', text);
    const stopped = one.server.stop();

    const [atAlice, atCarol] = await Promise.all([untilClosed(alice), untilClosed(carol)]);
    await stopped;
    expect(atAlice).toEqual({ texts: published, code: 1001 });
    expect(atCarol).toEqual({ texts: published, code: 1001 });
    const atBob: string[] = [];
    while (atBob.length < published.length) {
      const message = await bob.next(5_000);
      if (message.type === 'chat') atBob.push(message.text);
    }
    expect(atBob).toEqual(published);
  });

  it('answers a chat that arrives once stop() has begun with UNAVAILABLE, and still closes within its bound', async () => {
    const one = await startServer({ redisUrl: redis.url, drainDelayMs: 0 });
    const alice = await connect(`${one.wsUrl}?name=alice`);
    await alice.join('late');
    // Redis stopped (SIGSTOP) still looks ready for up to 2 s: settle() waits its bound, and a
    // chat that arrives meanwhile is refused rather than published behind the marker and lost.
    redis.pause();
    try {
      const started = performance.now();
      const stopped = one.server.stop();
      alice.send({ type: 'chat', room: 'late', text: 'during' });
      const reply = await alice.next(3_000);
      expect(reply).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
      expect((await alice.closed).code).toBe(1001);
      await stopped;
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      redis.resume();
    }
  });
});
