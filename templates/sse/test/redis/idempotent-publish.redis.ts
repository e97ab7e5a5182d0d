import { describe, expect, it } from 'vitest';
import { openEventStream } from '../helpers/event-stream-client.js';
import { eventually, healthStatus, redisFixture, startInstance, streamKey, TOKEN } from './instances.js';

const fixture = redisFixture({ durable: false });
const { instances } = fixture;


async function publishWithKey(url: string, body: unknown, key: string): Promise<{ status: number; replayed: boolean; body: unknown }> {
  const response = await fetch(new URL('publish', url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
  return { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true', body: await response.json() };
}

describe('POST /publish with an Idempotency-Key (Redis mode)', () => {
  it('a publish whose answer was lost (503 after Redis stored it) and is retried on the other instance is delivered once, and the retry gets its id', async () => {
    const key = streamKey();
    const a = await startInstance(fixture.redis.url, key, { redisTimeoutMs: 1000 });
    const b = await startInstance(fixture.redis.url, key);
    instances.push(a, b);
    const client = await openEventStream(`${b.url}events`);

    // Redis hangs with the script in its socket: the instance gives up after REDIS_TIMEOUT_MS
    // and answers 503, but Redis runs the script as soon as it wakes.
    fixture.redis.pause();
    let lost: Awaited<ReturnType<typeof publishWithKey>>;
    try {
      lost = await publishWithKey(a.url, { event: 'order', data: { n: 1 } }, 'order-1');
    } finally {
      fixture.redis.resume();
    }
    expect(lost.status).toBe(503);
    await eventually(async () => (await healthStatus(a.url)) === 200 && (await healthStatus(b.url)) === 200, 10_000, '/healthz 200 on both');

    // The publisher retries, through the balancer, on the other instance.
    const retried = await publishWithKey(b.url, { event: 'order', data: { n: 1 } }, 'order-1');
    expect(retried.status).toBe(202);
    const { id } = retried.body as { id: string };
    const next = await publishWithKey(a.url, { event: 'order', data: { n: 2 } }, 'order-2');
    expect(next).toMatchObject({ status: 202, replayed: false });

    await client.waitFor(() => client.events.some((event) => event.data === '{"n":2}'), 10_000, 'order 2');
    expect(client.events.map((event) => event.data)).toEqual(['{"n":1}', '{"n":2}']);
    // The stored event was the first request's: the retry was answered with its id.
    expect(retried.replayed).toBe(true);
    expect(client.events[0]!.lastEventId).toBe(id);
    expect(await fixture.redis.command(`XLEN ${key}`)).toBe(':2');
    client.close();
  });

  it('stores one event for many concurrent requests with one key on two instances, all answered with its id; another body with that key gets 422', async () => {
    const key = streamKey();
    const a = await startInstance(fixture.redis.url, key);
    const b = await startInstance(fixture.redis.url, key);
    instances.push(a, b);
    const batch = { events: [{ event: 'x', data: 1 }, { event: 'y', data: 2 }] };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, index) => publishWithKey((index % 2 === 0 ? a : b).url, batch, 'batch-1')));
    expect(answers.map(({ status }) => status)).toEqual(Array(10).fill(202));
    expect(answers.filter(({ replayed }) => !replayed)).toHaveLength(1);
    expect(new Set(answers.map(({ body }) => JSON.stringify(body))).size).toBe(1);
    expect(await fixture.redis.command(`XLEN ${key}`)).toBe(':2');
    const reused = await publishWithKey(b.url, { event: 'x', data: 1 }, 'batch-1');
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect(await fixture.redis.command(`XLEN ${key}`)).toBe(':2');
    // The key lives beside the stream, with a time to live (IDEMPOTENCY_TTL_MS, a day by default).
    const ttl = Number((await fixture.redis.command(`PTTL ${key}:idempotency:batch-1`)).slice(1));
    expect(ttl).toBeGreaterThan(86_000_000);
    expect(ttl).toBeLessThanOrEqual(86_400_000);
  });
});
