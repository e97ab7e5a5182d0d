import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { connect, startServer } from '../helpers.js';
import { startNginx } from './nginx.js';
import { freePort, type RedisServer, startRedis } from './redis-server.js';

// Two instances behind the starter's deploy/nginx.conf (round-robin), sharing rooms through Redis.
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

async function cluster(redisUrls: [string, string]) {
  // nginx's port is picked first: the page origin browsers see is nginx's, and the instances must allow it.
  const nginxPort = await freePort();
  const origin = `http://127.0.0.1:${nginxPort}`;
  const options = (redisUrl: string) => ({ redisUrl, allowedOrigins: [origin], maxConnectionsPerIp: 0 });
  const one = await startServer(options(redisUrls[0]));
  const two = await startServer(options(redisUrls[1]));
  const nginx = await startNginx([one.port, two.port], undefined, nginxPort);
  onTestFinished(() => nginx.stop());
  const wsUrl = `${nginx.url.replace('http', 'ws')}/ws`;
  const join = async (name: string, room: string) => {
    const client = await connect(`${wsUrl}?name=${name}`, { origin });
    await client.join(room);
    return client;
  };
  return { one, two, join };
}

describe('behind nginx, round-robin', () => {
  it('spreads clients over both instances, and they share the room', async () => {
    const { one, two, join } = await cluster([redis.url, redis.url]);
    const clients = [];
    for (const name of ['ann', 'ben', 'cat', 'dan']) clients.push(await join(name, 'lobby'));
    expect(one.server.chat.stats().clients).toBeGreaterThan(0);
    expect(two.server.chat.stats().clients).toBeGreaterThan(0);
    expect(one.server.chat.stats().clients + two.server.chat.stats().clients).toBe(4);

    for (const [index, client] of clients.entries()) {
      client.send({ type: 'chat', room: 'lobby', text: `from ${index}`, id: `m-${index}` });
      for (const reader of clients) expect(await reader.next()).toMatchObject({ type: 'chat', text: `from ${index}` });
    }
    clients[0]!.send({ type: 'typing', room: 'lobby' });
    for (const reader of clients.slice(1)) expect(await reader.next()).toMatchObject({ type: 'typing', user: 'ann' });
  });

  it('sends new clients to the other instance while one has lost Redis (503 on the handshake)', async () => {
    const other = await startRedis();
    onTestFinished(() => other.stop());
    const { one, two, join } = await cluster([redis.url, other.url]);
    await other.kill();
    await vi.waitFor(() => expect(two.server.chat.healthy()).toBe(false), { timeout: 5_000, interval: 50 });
    for (const name of ['eve', 'fay', 'gus', 'hal']) await join(name, 'lobby');
    expect(one.server.chat.stats().clients).toBe(4);
    expect(two.server.chat.stats().clients).toBe(0);
  });
});
