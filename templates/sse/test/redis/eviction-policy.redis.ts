import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { idempotencyKeyOf } from '../../src/redis-store.js';
import { redisFixture, startInstance, streamKey, TOKEN } from './instances.js';

// Found in the issue 17 review: under maxmemory-policy volatile-lru (a common managed-Redis
// default) other data with a TTL filling memory evicted the Idempotency-Key, which has a TTL
// too, and a retry published the event a second time, without a word. allkeys-* can evict the
// stream itself. Redis mode wants noeviction: at maxmemory a publish is refused (503, logged)
// instead of something being dropped. The instance says so at start when it can read the policy.
const fixture = redisFixture({ durable: false });
const { instances } = fixture;

async function post(url: string, key: string): Promise<number> {
  const response = await fetch(new URL('publish', url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({ event: 'order', data: { n: 1 } }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('maxmemory-policy', () => {
  it('under volatile-lru an evicted Idempotency-Key lets a retry publish twice, and the instance warned about the policy at start', async () => {
    const probe = createClient({ url: fixture.redis.url });
    await probe.connect();
    try {
      await probe.configSet({ 'maxmemory-policy': 'volatile-lru' });
      const key = streamKey();
      const a = await startInstance(fixture.redis.url, key);
      instances.push(a);
      expect(a.logs.filter((line) => line.includes('maxmemory-policy'))).toEqual([expect.stringMatching(/volatile-lru.*noeviction/)]);

      expect(await post(a.url, 'order-1')).toBe(202);
      const used = Number(/used_memory:(\d+)/.exec(await probe.info('memory'))![1]);
      await probe.configSet({ maxmemory: String(used + 200_000) });
      // volatile-lru samples keys, so which ones go first is chance (400 writes once left the
      // Idempotency-Key in place): write until Redis has evicted it, bounded.
      for (let i = 0; i < 5_000 && (await probe.exists(idempotencyKeyOf(key, 'order-1'))) === 1; i += 1) {
        await probe.set(`cache:${i}`, 'x'.repeat(1000), { PX: 3_600_000 });
      }
      expect(await probe.exists(idempotencyKeyOf(key, 'order-1'))).toBe(0);
      // What the warning is about: the key was evicted, the retry is not recognised.
      expect(await post(a.url, 'order-1')).toBe(202);
      expect(await probe.xLen(key)).toBe(2);
    } finally {
      await probe.configSet({ maxmemory: '0', 'maxmemory-policy': 'noeviction' });
      probe.destroy();
    }
  });

  it('under noeviction (and with CONFIG GET refused, as on some managed Redis) it says nothing', async () => {
    const a = await startInstance(fixture.redis.url, streamKey());
    instances.push(a);
    expect(a.logs.filter((line) => line.includes('maxmemory-policy'))).toEqual([]);
    const probe = createClient({ url: fixture.redis.url });
    await probe.connect();
    try {
      await probe.aclSetUser('no-config', ['on', 'nopass', '~*', '&*', '+@all', '-config']);
      const b = await startInstance(fixture.redis.url.replace('redis://', 'redis://no-config@'), streamKey());
      instances.push(b);
      expect(b.logs).toEqual([]);
    } finally {
      probe.destroy();
    }
  });
});
