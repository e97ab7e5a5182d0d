import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_PREFIX, channelOf } from '../../src/room-bus.js';
import type { ServerOptions } from '../../src/server.js';
import { connect, startServer } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

// Two instances of the starter sharing one real redis-server: what REDIS_URL is for.
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

async function twoInstances(options: ServerOptions = {}) {
  const one = await startServer({ redisUrl: redis.url, ...options });
  const two = await startServer({ redisUrl: redis.url, ...options });
  return [one, two] as const;
}

/** Subscribers Redis counts on a room's channel: one per instance with local members. */
async function subscribersOf(room: string): Promise<number> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const counts = await client.pubSubNumSub(channelOf(room));
    return counts[channelOf(room)] ?? 0;
  } finally {
    client.destroy();
  }
}

describe('two instances sharing rooms through Redis', () => {
  it('clients on different instances see each other\'s messages and typing; the sender gets its copy once', async () => {
    const [one, two] = await twoInstances();
    const alice = await connect(`${one.wsUrl}?name=alice`);
    const bob = await connect(`${two.wsUrl}?name=bob`);
    await alice.join('lobby');
    await bob.join('lobby');

    alice.send({ type: 'chat', room: 'lobby', text: 'hi bob', id: 'm-1' });
    expect(await bob.next()).toMatchObject({ type: 'chat', room: 'lobby', from: 'alice', text: 'hi bob', id: 'm-1' });
    // The sender's copy is its acknowledgement: exactly one, carrying its id.
    expect(await alice.next()).toMatchObject({ type: 'chat', from: 'alice', text: 'hi bob', id: 'm-1' });

    bob.send({ type: 'typing', room: 'lobby' });
    expect(await alice.next()).toEqual({ type: 'typing', room: 'lobby', user: 'bob' });
    bob.send({ type: 'chat', room: 'lobby', text: 'hello alice' });
    // Bob's next message is his own chat: his typing was not echoed to him.
    expect(await bob.next()).toMatchObject({ type: 'chat', from: 'bob', text: 'hello alice' });
    expect(await alice.next()).toMatchObject({ type: 'chat', from: 'bob', text: 'hello alice' });

    await expect(alice.next(300)).rejects.toThrow(/no message/);
    await expect(bob.next(300)).rejects.toThrow(/no message/);
    // Each event crossed Redis once per instance, whatever the number of local members.
    expect(one.server.chat.stats().busReceived).toBe(3);
    expect(two.server.chat.stats().busReceived).toBe(3);
  });

  it('typing is kept from the typist but reaches another tab of the same instance', async () => {
    const [one] = await twoInstances();
    const tab1 = await connect(`${one.wsUrl}?name=carol`);
    const tab2 = await connect(`${one.wsUrl}?name=carol`);
    await tab1.join('room-a');
    await tab2.join('room-a');
    tab1.send({ type: 'typing', room: 'room-a' });
    expect(await tab2.next()).toEqual({ type: 'typing', room: 'room-a', user: 'carol' });
    await expect(tab1.next(300)).rejects.toThrow(/no message/);
  });

  it('subscribes an instance to a room on its first local member and unsubscribes on its last', async () => {
    const [one, two] = await twoInstances();
    const a1 = await connect(one.wsUrl);
    const a2 = await connect(one.wsUrl);
    const b = await connect(two.wsUrl);
    expect(await subscribersOf('quiet')).toBe(0);
    await a1.join('quiet');
    await a2.join('quiet');
    expect(await subscribersOf('quiet')).toBe(1);
    await b.join('quiet');
    expect(await subscribersOf('quiet')).toBe(2);

    a1.send({ type: 'leave', room: 'quiet' });
    expect(await a1.next()).toEqual({ type: 'left', room: 'quiet' });
    expect(await subscribersOf('quiet')).toBe(2);
    a2.ws.close();
    await vi.waitFor(async () => expect(await subscribersOf('quiet')).toBe(1));
    b.send({ type: 'leave', room: 'quiet' });
    expect(await b.next()).toEqual({ type: 'left', room: 'quiet' });
    await vi.waitFor(async () => expect(await subscribersOf('quiet')).toBe(0));

    // Joining again subscribes again, and the room works.
    await a1.join('quiet');
    await b.join('quiet');
    b.send({ type: 'chat', room: 'quiet', text: 'back' });
    expect(await a1.next()).toMatchObject({ type: 'chat', text: 'back' });
  });

  it('delivers a room\'s messages in the same order on every instance', async () => {
    const [one, two] = await twoInstances();
    const alice = await connect(`${one.wsUrl}?name=alice`);
    const bob = await connect(`${two.wsUrl}?name=bob`);
    await alice.join('race');
    await bob.join('race');
    for (let i = 0; i < 15; i += 1) {
      alice.send({ type: 'chat', room: 'race', text: `a${i}` });
      bob.send({ type: 'chat', room: 'race', text: `b${i}` });
    }
    const seen = async (client: typeof alice): Promise<string[]> => {
      const texts: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        const message = await client.next();
        if (message.type === 'chat') texts.push(message.text);
      }
      return texts;
    };
    const [atAlice, atBob] = await Promise.all([seen(alice), seen(bob)]);
    expect(atAlice).toHaveLength(30);
    expect(atBob).toEqual(atAlice);
  });

  it('server-side publish reaches members on every instance', async () => {
    const [one, two] = await twoInstances();
    const alice = await connect(one.wsUrl);
    const bob = await connect(two.wsUrl);
    await alice.join('news');
    await bob.join('news');
    expect(two.server.chat.publish('news', 'extra!')).toBe(0);
    expect(await alice.next()).toMatchObject({ type: 'chat', from: 'server', text: 'extra!' });
    expect(await bob.next()).toMatchObject({ type: 'chat', from: 'server', text: 'extra!' });
  });

  it('keeps every room inside its channel prefix: a name that could leave it is refused, never published', async () => {
    const [one] = await twoInstances();
    const spy = createClient({ url: redis.url });
    await spy.connect();
    const heard: string[] = [];
    // Everything published anywhere on this Redis: a name outside the prefix would show here.
    await spy.pSubscribe('*', (_message, channel) => heard.push(channel));
    try {
      const alice = await connect(one.wsUrl);
      for (const room of ['other-app:secrets', '*', 'lobby\r\nFLUSHALL', '../x', 'a b']) {
        alice.send({ type: 'join', room });
        expect(await alice.next()).toMatchObject({ type: 'error', code: 'INVALID_FIELD' });
        expect(() => one.server.chat.publish(room, 'x')).toThrow(RangeError);
        expect(() => channelOf(room)).toThrow(RangeError);
      }
      await alice.join('lobby');
      alice.send({ type: 'chat', room: 'lobby', text: 'inside' });
      expect(await alice.next()).toMatchObject({ text: 'inside' });
      await vi.waitFor(() => expect(heard).toContain(channelOf('lobby')));
      expect(heard.every((channel) => channel.startsWith(CHANNEL_PREFIX))).toBe(true);
    } finally {
      spy.destroy();
    }
  });

  it('ignores foreign payloads on its channels', async () => {
    const [one] = await twoInstances();
    const alice = await connect(one.wsUrl);
    await alice.join('lobby');
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.publish(channelOf('lobby'), 'not an envelope');
    await client.publish(channelOf('lobby'), 'x 1\nnot json');
    client.destroy();
    await expect(alice.next(300)).rejects.toThrow(/no message/);
    expect((await fetch(`${one.url}/healthz`)).status).toBe(200);
  });

  it('keeps a room working when its only member leaves before its SUBSCRIBE is confirmed', async () => {
    // The speaker sends three messages a round: no rate limit in the way.
    const [one, two] = await twoInstances({ messageRate: 1_000, messageBurst: 1_000 });
    const speaker = await connect(two.wsUrl);
    for (let round = 0; round < 40; round += 1) {
      const room = `churn-${round}`;
      // Join and vanish at once: the UNSUBSCRIBE can overtake the SUBSCRIBE's confirmation.
      const flaky = await connect(one.wsUrl);
      flaky.send({ type: 'join', room });
      flaky.ws.terminate();
      const steady = await connect(one.wsUrl);
      await steady.join(room);
      await speaker.join(room);
      speaker.send({ type: 'chat', room, text: `round ${round}` });
      expect(await steady.next()).toMatchObject({ type: 'chat', text: `round ${round}` });
      expect(await speaker.next()).toMatchObject({ type: 'chat', text: `round ${round}` });
      await vi.waitFor(async () => expect(await subscribersOf(room)).toBe(2));
      speaker.send({ type: 'leave', room });
      expect(await speaker.next()).toEqual({ type: 'left', room });
      steady.ws.terminate();
    }
  });
});
