import { describe, expect, it } from 'vitest';
import { healthStatus, redisFixture, startInstance, streamKey } from './instances.js';

// Found in the issue 17 review: a starter process that does not run for longer than
// REDIS_TIMEOUT_MS (a loaded machine, a long GC pause, a VM steal) runs its overdue timers
// before it reads its sockets, so a reply that came back in time lost the race against the
// command's deadline: the publish was answered 503 although Redis had stored it (without an
// Idempotency-Key the retry publishes twice) and the PING watchdog called Redis lost.
const fixture = redisFixture({ durable: false });
const { instances } = fixture;

/** Keeps this process from running timers or reading sockets, as a loaded machine does. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // no timers, no I/O
  }
}

describe('a starter process that was not scheduled for longer than REDIS_TIMEOUT_MS', () => {
  it('still takes the replies that came in time: the publish resolves, Redis is not called lost', async () => {
    const key = streamKey();
    const a = await startInstance(fixture.redis.url, key, { redisTimeoutMs: 300 });
    instances.push(a);
    for (let round = 0; round < 3; round += 1) {
      const publish = a.server.publishAsync('x', { round });
      publish.catch(() => {});
      // node-redis writes in a setImmediate: once this one has run, the XADD is on the socket
      // and its reply comes back while this process does not run for 1 s.
      await new Promise((resolve) => setImmediate(resolve));
      busy(1000);
      await expect(publish).resolves.toMatchObject({ id: expect.any(String) });
    }
    expect(await healthStatus(a.url)).toBe(200);
    expect(a.logs.filter((line) => /lost|no answer|replacing/.test(line))).toEqual([]);
    expect(await fixture.redis.command(`XLEN ${key}`)).toBe(':3');
  });
});
