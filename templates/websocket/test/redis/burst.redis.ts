import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/server.js';
import { connect, startServer, type TestClient } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

// Redis hands an instance many room events per read; the broadcaster writes each tick's events
// to one audience as one buffer per member, and a typing event (which leaves its typist out)
// is another audience in the same read. Every member must still get every event, in Redis's order.
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

async function collect(client: TestClient, count: number): Promise<string[]> {
  const seen: string[] = [];
  while (seen.length < count) {
    const message: ServerMessage = await client.next(10_000);
    seen.push(message.type === 'chat' ? message.text : message.type === 'typing' ? `typing:${message.user}` : message.type);
  }
  return seen;
}

describe('a burst through Redis', () => {
  it('reaches every member on both instances complete and in one order, typing and chat interleaved', async () => {
    const one = await startServer({ redisUrl: redis.url, messageRate: 1_000, messageBurst: 1_000 });
    const two = await startServer({ redisUrl: redis.url, messageRate: 1_000, messageBurst: 1_000 });
    const alice = await connect(`${one.wsUrl}?name=alice`);
    const carol = await connect(`${one.wsUrl}?name=carol`);
    const bob = await connect(`${two.wsUrl}?name=bob`);
    for (const client of [alice, carol, bob]) await client.join('burst');

    const published = 600;
    const typed = 100;
    for (let i = 0; i < published; i += 1) {
      two.server.chat.publish('burst', `p${i}`);
      if (i % 6 === 0 && i / 6 < typed) carol.send({ type: 'typing', room: 'burst' });
    }
    const [atAlice, atBob, atCarol] = await Promise.all([
      collect(alice, published + typed),
      collect(bob, published + typed),
      collect(carol, published),
    ]);
    const chats = (seen: string[]): string[] => seen.filter((s) => !s.startsWith('typing:'));
    const expected = Array.from({ length: published }, (_, i) => `p${i}`);
    expect(chats(atAlice)).toEqual(expected);
    expect(chats(atBob)).toEqual(expected);
    expect(atCarol).toEqual(expected);
    // Both instances saw the same interleaving: Redis's one order.
    expect(atBob).toEqual(atAlice);
  });
});
