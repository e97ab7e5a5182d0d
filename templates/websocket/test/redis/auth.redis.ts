import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_PREFIX } from '../../src/room-bus.js';
import { BusUnavailableError, createServer } from '../../src/server.js';
import { connect, startServer } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

// REDIS_URL against a Redis that wants a password (requirepass): right, wrong and missing.
const PASSWORD = 'hunter2-s3cret';
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis(['--requirepass', PASSWORD]);
});
afterAll(() => redis?.stop());

const urlWith = (password: string | undefined): string =>
  password === undefined ? redis.url : redis.url.replace('redis://', `redis://:${password}@`);

/** start() must reject: returns the error, with the server stopped. */
async function refused(redisUrl: string): Promise<Error> {
  const server = createServer({ host: '127.0.0.1', port: 0, redisUrl });
  const error = await server.start().then(
    () => new Error('start() resolved'),
    (reason: unknown) => reason as Error,
  );
  await server.stop().catch(() => {});
  return error;
}

describe('REDIS_URL with a password', () => {
  it('the right one: rooms work', async () => {
    const one = await startServer({ redisUrl: urlWith(PASSWORD) });
    const two = await startServer({ redisUrl: urlWith(PASSWORD) });
    const alice = await connect(`${one.wsUrl}?name=alice`);
    const bob = await connect(`${two.wsUrl}?name=bob`);
    await alice.join('lobby');
    await bob.join('lobby');
    bob.send({ type: 'chat', room: 'lobby', text: 'authenticated' });
    expect(await alice.next()).toMatchObject({ from: 'bob', text: 'authenticated' });
  });

  it('a wrong one: start() rejects with a clear error that does not show it', async () => {
    const error = await refused(urlWith('not-the-password'));
    expect(error).toBeInstanceOf(BusUnavailableError);
    expect(error.message).toMatch(/WRONGPASS/);
    expect(error.message).toContain(':***@');
    expect(error.message).not.toContain('not-the-password');
  });

  it('none, when Redis wants one: start() rejects (it used to start, healthy, and refuse every join)', async () => {
    const error = await refused(urlWith(undefined));
    expect(error).toBeInstanceOf(BusUnavailableError);
    expect(error.message).toMatch(/NOAUTH/);
  });
});

describe('REDIS_URL as an ACL user confined to the chat\'s channels (the README\'s ACL SETUSER line)', () => {
  it('rooms work across two instances, and the user can publish nowhere else', async () => {
    const admin = createClient({ url: urlWith(PASSWORD) });
    await admin.connect();
    try {
      await admin.sendCommand(['ACL', 'SETUSER', 'ws-chat', 'on', '>chat-password-123', 'resetchannels', `&${CHANNEL_PREFIX}*`, '-@all', '+subscribe', '+unsubscribe', '+publish', '+ping', '+hello', '+auth']);
      const url = redis.url.replace('redis://', 'redis://ws-chat:chat-password-123@');
      const one = await startServer({ redisUrl: url });
      const two = await startServer({ redisUrl: url });
      const alice = await connect(`${one.wsUrl}?name=alice`);
      const bob = await connect(`${two.wsUrl}?name=bob`);
      await alice.join('lobby');
      await bob.join('lobby');
      bob.send({ type: 'chat', room: 'lobby', text: 'confined' });
      expect(await alice.next()).toMatchObject({ from: 'bob', text: 'confined' });

      const asChat = createClient({ url });
      await asChat.connect();
      try {
        await expect(asChat.publish('other-app:events', 'x')).rejects.toThrow(/NOPERM/);
        await expect(asChat.get('anything')).rejects.toThrow(/NOPERM/);
      } finally {
        asChat.destroy();
      }
    } finally {
      await admin.sendCommand(['ACL', 'DELUSER', 'ws-chat']).catch(() => {});
      admin.destroy();
    }
  });
});
