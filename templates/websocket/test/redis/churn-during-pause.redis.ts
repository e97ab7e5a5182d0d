import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf } from '../../src/room-bus.js';
import { connect, delay, startServer, type TestClient } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

// Review of issue 17: 200 rooms joined and left quickly, by clients on two instances, before,
// during and after a Redis that hangs (SIGSTOP) for 5 s. Afterwards every instance must be
// subscribed to exactly the rooms it has members in (PUBSUB NUMSUB: one per such instance).
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

/** Sends one join or leave and waits for its answer: whether the client is a member after it. */
async function toggle(client: TestClient, room: string, member: boolean): Promise<boolean> {
  client.send({ type: member ? 'leave' : 'join', room });
  for (;;) {
    const answer = await client.next(15_000);
    if (answer.type === 'left' && 'room' in answer && answer.room === room) return false;
    if (answer.type === 'joined' && 'room' in answer && answer.room === room) return true;
    // A join refused (UNAVAILABLE) leaves the client out; nothing else changes membership.
    if (answer.type === 'error') return member;
  }
}

describe('rooms joined and left quickly while Redis hangs', () => {
  it('every instance ends subscribed to exactly the rooms it has members in', async () => {
    const options = { redisUrl: redis.url, maxRoomsPerClient: 200, messageRate: 10_000, messageBurst: 10_000 };
    const instances = [await startServer(options), await startServer(options)];
    const clients: { client: TestClient; instance: number; rooms: Set<string> }[] = [];
    for (let i = 0; i < 20; i += 1) clients.push({ client: await connect(instances[i % 2]!.wsUrl), instance: i % 2, rooms: new Set() });

    let seed = 17;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    let stop = false;
    let operations = 0;
    const churn = clients.map(async (entry) => {
      while (!stop) {
        const room = `r${random(200)}`;
        const member = entry.rooms.has(room);
        const now = await toggle(entry.client, room, member);
        operations += 1;
        if (now) entry.rooms.add(room);
        else entry.rooms.delete(room);
      }
    });
    await delay(1_500);
    redis.pause();
    await delay(5_000);
    redis.resume();
    await delay(1_500);
    stop = true;
    await Promise.all(churn);
    await vi.waitFor(() => expect(instances.every(({ server }) => server.chat.healthy())).toBe(true), { timeout: 20_000, interval: 20 });
    await delay(500);

    const probe = createClient({ url: redis.url });
    await probe.connect();
    try {
      const rooms = Array.from({ length: 200 }, (_, i) => `r${i}`);
      const counts = await probe.pubSubNumSub(rooms.map(channelOf));
      const wrong: string[] = [];
      for (const room of rooms) {
        const expected = [0, 1].filter((instance) => clients.some((entry) => entry.instance === instance && entry.rooms.has(room))).length;
        const actual = counts[channelOf(room)] ?? 0;
        if (actual !== expected) wrong.push(`${room}: ${actual} subscribed, ${expected} expected`);
      }
      const memberRooms = rooms.filter((room) => clients.some((entry) => entry.rooms.has(room))).length;
      console.log(`operations ${operations}, rooms with members ${memberRooms}, wrong ${wrong.length}`, wrong.slice(0, 10));
      expect(wrong).toEqual([]);
    } finally {
      probe.destroy();
    }
  }, 90_000);
});
