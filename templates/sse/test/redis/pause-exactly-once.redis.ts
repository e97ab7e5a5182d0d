import { afterAll, describe, expect, it } from 'vitest';
import { type EventStreamClient, openEventStream } from '../helpers/event-stream-client.js';
import { eventually, healthStatus, redisFixture, startInstance, streamKey, TOKEN } from './instances.js';

// Review of issue 17: Redis hangs (SIGSTOP) for 6 s mid-stream while a publisher keeps
// publishing with an Idempotency-Key, retrying every refusal on the other instance. Every event
// that was accepted must reach every subscriber on both instances exactly once, in order.
const fixture = redisFixture({ durable: false });
const { instances } = fixture;

const clients: EventStreamClient[] = [];


afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
});

/** One POST /publish with a key; 0 when the request itself failed. */
async function post(url: string, n: number): Promise<{ status: number; id?: string; replayed: boolean }> {
  try {
    const response = await fetch(new URL('publish', url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Idempotency-Key': `event-${n}` },
      body: JSON.stringify({ event: 'tick', data: { n } }),
      signal: AbortSignal.timeout(4000),
    });
    const body = (await response.json()) as { id?: string };
    return { status: response.status, id: body.id, replayed: response.headers.get('idempotent-replayed') === 'true' };
  } catch {
    return { status: 0, replayed: false };
  }
}

describe('Redis paused mid-stream, publisher retrying with Idempotency-Key', () => {
  it('every accepted event reaches all 50 subscribers on two instances exactly once, in order', async () => {
    const key = streamKey();
    const a = await startInstance(fixture.redis.url, key, { redisTimeoutMs: 1000 });
    const b = await startInstance(fixture.redis.url, key, { redisTimeoutMs: 1000 });
    instances.push(a, b);
    for (let i = 0; i < 50; i += 1) clients.push(await openEventStream(`${(i % 2 === 0 ? a : b).url}events`));

    const total = 40;
    const accepted: string[] = [];
    const attempts: number[] = [];
    let replays = 0;
    let paused = false;
    for (let n = 1; n <= total; n += 1) {
      if (n === 15) {
        fixture.redis.pause();
        paused = true;
        setTimeout(() => {
          fixture.redis.resume();
          paused = false;
        }, 6000).unref();
      }
      let tries = 0;
      for (;;) {
        tries += 1;
        const answer = await post((n + tries) % 2 === 0 ? a.url : b.url, n);
        if (answer.status === 202) {
          accepted.push(answer.id!);
          if (answer.replayed) replays += 1;
          break;
        }
        if (tries > 200) throw new Error(`event ${n} never accepted (last status ${answer.status})`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      attempts.push(tries);
    }
    expect(paused).toBe(false);
    console.log(`accepted ${accepted.length}, retried events ${attempts.filter((t) => t > 1).length}, max tries ${Math.max(...attempts)}, replays ${replays}`);
    expect(new Set(accepted).size).toBe(total);
    expect(await fixture.redis.command(`XLEN ${key}`)).toBe(`:${total}`);

    await eventually(() => clients.every((client) => client.events.length >= total || client.events.some((e) => e.type === 'reset')), 30_000, 'every subscriber');
    const ended = clients.filter((client) => client.response.complete).length;
    const resets = clients.filter((client) => client.events.some((e) => e.type === 'reset')).length;
    console.log(`subscribers: ${clients.length}, streams ended by the server: ${ended}, resets: ${resets}`);
    for (const client of clients) {
      expect(client.events.map((e) => e.lastEventId)).toEqual(accepted);
      expect(client.events.map((e) => (JSON.parse(e.data) as { n: number }).n)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    }
    // Events flow as soon as Redis answers; /healthz waits for a PING on a fresh connection.
    await eventually(async () => (await healthStatus(a.url)) === 200 && (await healthStatus(b.url)) === 200, 15_000, '/healthz 200 on both');
  }, 120_000);
});
