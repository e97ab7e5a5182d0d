import { afterAll, describe, expect, it } from 'vitest';
import { healthStatus, redisFixture, startInstance, streamKey, TOKEN } from './instances.js';

// A Redis that is up but refuses writes (maxmemory reached under noeviction: OOM; a replica
// after a failover: READONLY; a failing snapshot: MISCONF). Found in the issue 17 review: every
// publish got 503 "Redis is unavailable", /healthz stayed 200 (reads still work, so that is
// right), and nothing was logged: the operator had no way to learn why.
const fixture = redisFixture({ durable: false });
const { instances } = fixture;

afterAll(async () => {
  await fixture.redis?.command('CONFIG SET maxmemory 0').catch(() => '');
});

async function post(url: string, body: unknown, key?: string): Promise<number> {
  const response = await fetch(new URL('publish', url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...(key === undefined ? {} : { 'Idempotency-Key': key }) },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('Redis refusing writes (maxmemory reached)', () => {
  it('publishes get 503, /healthz stays 200, and the log says what Redis answered, once per streak', async () => {
    const a = await startInstance(fixture.redis.url, streamKey());
    instances.push(a);
    expect(await post(a.url, { event: 'x', data: 1 })).toBe(202);
    expect(await fixture.redis.command('CONFIG SET maxmemory-policy noeviction')).toBe('+OK');
    expect(await fixture.redis.command('CONFIG SET maxmemory 1')).toBe('+OK');
    expect(await post(a.url, { event: 'x', data: 2 })).toBe(503);
    expect(await post(a.url, { event: 'x', data: 3 }, 'k-1')).toBe(503);
    expect(await post(a.url, { events: [{ event: 'x', data: 4 }, { event: 'x', data: 5 }] })).toBe(503);
    expect(await healthStatus(a.url)).toBe(200);
    const refused = a.logs.filter((line) => line.includes('OOM'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/Redis refused/);

    // Once writes are accepted again the streak ends: the next refusal is logged again.
    expect(await fixture.redis.command('CONFIG SET maxmemory 0')).toBe('+OK');
    expect(await post(a.url, { event: 'x', data: 6 })).toBe(202);
    expect(await fixture.redis.command('CONFIG SET maxmemory 1')).toBe('+OK');
    expect(await post(a.url, { event: 'x', data: 7 })).toBe(503);
    expect(a.logs.filter((line) => line.includes('OOM'))).toHaveLength(2);
  });
});
