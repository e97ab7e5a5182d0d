import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../campaign/child-server.js';
import { connect, delay } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

// SIGTERM to `npm start` (src/main.ts) while Redis is away: exit 0, not the shutdown deadline.
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

describe('SIGTERM during a Redis outage', () => {
  for (const outage of ['killed', 'hung (SIGSTOP)'] as const) {
    it(`exits 0 when Redis is ${outage}, with a chat message in flight`, async () => {
      const server = await startChildServer({ REDIS_URL: redis.url }, 1024);
      const alice = await connect(`${server.url.replace('http', 'ws')}/ws`);
      await alice.join('lobby');
      if (outage === 'killed') await redis.kill();
      else redis.pause();
      try {
        alice.send({ type: 'chat', room: 'lobby', text: 'in flight' });
        await delay(300);
        server.child.kill('SIGTERM');
        // A hung Redis never answers that PUBLISH: stopping used to wait for it until the
        // shutdown deadline, and exit 1.
        const { code } = await server.exited;
        expect(server.output()).toContain('stopped: every client closed with 1001');
        expect(code).toBe(0);
      } finally {
        if (outage === 'killed') await redis.restart();
        else redis.resume();
      }
    }, 40_000);
  }
});
