import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../src/server.js';
import { connect, refusedStatus, startServer } from './helpers.js';

describe('chat', () => {
  it('fans a chat message out to every member of the room, the sender included', async () => {
    const { wsUrl } = await startServer();
    const [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map((name) => connect(`${wsUrl}?name=${name}`)),
    );
    const outsider = await connect(`${wsUrl}?name=dave`);
    for (const client of [alice!, bob!, carol!]) await client.join('lobby');
    await outsider.join('other');

    alice!.send({ type: 'chat', room: 'lobby', text: 'hello, ünïcode 👋' });

    const received = await Promise.all([alice!, bob!, carol!].map((client) => client.next()));
    for (const message of received) {
      expect(message).toMatchObject({ type: 'chat', room: 'lobby', from: 'alice', text: 'hello, ünïcode 👋' });
      expect(message).toHaveProperty('timestamp', expect.any(Number));
    }
    // Everyone got the very same event.
    expect(new Set(received.map((message) => JSON.stringify(message))).size).toBe(1);

    // The outsider's next message is its own chat, not alice's.
    outsider.send({ type: 'chat', room: 'other', text: 'x' });
    expect(await outsider.next()).toMatchObject({ type: 'chat', room: 'other', from: 'dave' });
  });

  it('publishes a message from the server to every member of a room, and only to them', async () => {
    const { server, wsUrl } = await startServer();
    const alice = await connect(`${wsUrl}?name=alice`);
    const bob = await connect(`${wsUrl}?name=bob`);
    const outsider = await connect(`${wsUrl}?name=dave`);
    await alice.join('prices');
    await bob.join('prices');
    await outsider.join('other');

    expect(server.chat.publish('prices', '{"AAPL":181.2}', 'feed')).toBe(2);
    for (const client of [alice, bob]) {
      expect(await client.next()).toMatchObject({ type: 'chat', room: 'prices', from: 'feed', text: '{"AAPL":181.2}' });
    }
    expect(server.chat.publish('empty-room', 'nobody')).toBe(0);
    outsider.send({ type: 'chat', room: 'other', text: 'x' });
    expect(await outsider.next()).toMatchObject({ type: 'chat', room: 'other', from: 'dave' });
  });

  it('delivers a room\'s events sent in one tick around a leave and a join in order: the leaver still gets what came before', async () => {
    const { wsUrl } = await startServer();
    const alice = await connect(`${wsUrl}?name=alice`);
    const bob = await connect(`${wsUrl}?name=bob`);
    await alice.join('lobby');
    await bob.join('lobby');

    // One TCP write, so the server handles all four in one tick: the broadcasts are written at
    // the end of that tick, after the membership changes, unless they are flushed before them.
    const socket = (alice.ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    socket.cork();
    alice.send({ type: 'chat', room: 'lobby', text: 'm1' });
    alice.send({ type: 'leave', room: 'lobby' });
    alice.send({ type: 'join', room: 'lobby' });
    alice.send({ type: 'chat', room: 'lobby', text: 'm2' });
    socket.uncork();

    const forAlice = [await alice.next(), await alice.next(), await alice.next(), await alice.next()];
    expect(forAlice.map((m) => (m.type === 'chat' ? m.text : m.type))).toEqual(['m1', 'left', 'joined', 'm2']);
    const forBob = [await bob.next(), await bob.next()];
    expect(forBob.map((m) => (m.type === 'chat' ? m.text : m.type))).toEqual(['m1', 'm2']);
  });

  it('sends typing to the other members only', async () => {
    const { wsUrl } = await startServer();
    const alice = await connect(`${wsUrl}?name=alice`);
    const bob = await connect(`${wsUrl}?name=bob`);
    await alice.join('lobby');
    await bob.join('lobby');

    alice.send({ type: 'typing', room: 'lobby' });
    alice.send({ type: 'chat', room: 'lobby', text: 'done typing' });

    expect(await bob.next()).toEqual({ type: 'typing', room: 'lobby', user: 'alice' });
    expect(await bob.next()).toMatchObject({ type: 'chat', text: 'done typing' });
    // Messages on one connection arrive in order: had alice got her typing event, it would come first.
    expect(await alice.next()).toMatchObject({ type: 'chat', text: 'done typing' });
  });

  it('stops delivering a room after leave', async () => {
    const { wsUrl } = await startServer();
    const alice = await connect(wsUrl);
    const bob = await connect(wsUrl);
    await alice.join('a');
    await alice.join('b');
    await bob.join('a');
    await bob.join('b');

    bob.send({ type: 'leave', room: 'a' });
    expect(await bob.next()).toEqual({ type: 'left', room: 'a' });
    alice.send({ type: 'chat', room: 'a', text: 'to a' });
    alice.send({ type: 'chat', room: 'b', text: 'to b' });
    expect(await bob.next()).toMatchObject({ type: 'chat', room: 'b', text: 'to b' });
  });

  it('names a client from ?name= or generates a guest id', async () => {
    const { wsUrl } = await startServer();
    expect((await connect(`${wsUrl}?name=Zoë_1`)).user).toBe('Zoë_1');
    expect((await connect(wsUrl)).user).toMatch(/^guest-[0-9a-f]{6}$/);
    expect(await refusedStatus(`${wsUrl}?name=${encodeURIComponent('<script>')}`)).toBe(400);
    expect(await refusedStatus(`${wsUrl}?name=${'x'.repeat(33)}`)).toBe(400);
  });

  describe('bad input', () => {
    const cases: [ErrorCode, string | object][] = [
      ['INVALID_JSON', '{"type":'],
      ['UNKNOWN_TYPE', { type: 'shout', room: 'lobby' }],
      ['UNKNOWN_TYPE', [1, 2]],
      ['INVALID_FIELD', { type: 'join' }],
      ['INVALID_FIELD', { type: 'join', room: 'has space' }],
      ['INVALID_FIELD', { type: 'join', room: 'r'.repeat(65) }],
      ['INVALID_FIELD', { type: 'chat', room: 'lobby', text: 42 }],
      ['INVALID_FIELD', { type: 'chat', room: 'lobby', text: '   ' }],
      ['INVALID_FIELD', { type: 'chat', room: 'lobby', text: 't'.repeat(101) }],
      ['NOT_IN_ROOM', { type: 'chat', room: 'elsewhere', text: 'hi' }],
      ['NOT_IN_ROOM', { type: 'typing', room: 'elsewhere' }],
      ['NOT_IN_ROOM', { type: 'leave', room: 'elsewhere' }],
      ['ROOM_LIMIT', { type: 'join', room: 'third' }],
    ];

    it.each(cases)('answers %s to %j and keeps the connection working', async (code, input) => {
      const { wsUrl } = await startServer({ maxTextLength: 100, maxRoomsPerClient: 2 });
      const client = await connect(wsUrl);
      const other = await connect(wsUrl);
      await client.join('lobby');
      await client.join('second');
      await other.join('lobby');

      client.send(input);
      const error = await client.next();
      expect(error).toMatchObject({ type: 'error', code });
      expect(error).toHaveProperty('message', expect.any(String));

      // Same connection still works, and the other member saw nothing of the bad message.
      client.send({ type: 'chat', room: 'lobby', text: 'still here' });
      expect(await client.next()).toMatchObject({ type: 'chat', text: 'still here' });
      expect(await other.next()).toMatchObject({ type: 'chat', text: 'still here' });
    });

    it('answers INVALID_JSON to a binary frame', async () => {
      const { wsUrl } = await startServer();
      const client = await connect(wsUrl);
      client.ws.send(Buffer.from('{"type":"join","room":"lobby"}'));
      expect(await client.next()).toMatchObject({ type: 'error', code: 'INVALID_JSON' });
    });

    it('answers RATE_LIMITED once per burst and drops the excess', async () => {
      const { wsUrl } = await startServer({ messageRate: 1, messageBurst: 3 });
      const client = await connect(wsUrl);
      for (let i = 0; i < 6; i += 1) client.send({ type: 'join', room: `r${i}` });
      const replies = [await client.next(), await client.next(), await client.next(), await client.next()];
      expect(replies.map((reply) => reply.type)).toEqual(['joined', 'joined', 'joined', 'error']);
      expect(replies[3]).toMatchObject({ code: 'RATE_LIMITED' });
      await expect(client.next(300)).rejects.toThrow(/no message/);
    });

    it('covers every documented error code', () => {
      // UNAVAILABLE needs a Redis that goes away: test/redis/failover.redis.ts (npm run test:redis).
      const tested = new Set<string>([...cases.map(([code]) => code), 'INVALID_JSON', 'RATE_LIMITED', 'UNAVAILABLE']);
      expect([...tested].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    });
  });
});
