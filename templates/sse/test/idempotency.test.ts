import { describe, expect, it } from 'vitest';
import { IdempotencyMemory } from '../src/idempotency.js';
import { openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

const TOKEN = 'test-token-0123456789abcdef';

function publish(url: string, body: unknown, key?: string): Promise<Response> {
  return fetch(`${url}publish`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${TOKEN}`,
      ...(key === undefined ? {} : { 'Idempotency-Key': key }),
    },
    body: JSON.stringify(body),
  });
}

describe('POST /publish with an Idempotency-Key (in-process mode)', () => {
  it('publishes a retried request once and answers the retry as the first (202, the same id, Idempotent-Replayed)', async () => {
    const { url } = await startServer({ publishToken: TOKEN });
    const client = await openEventStream(`${url}events`);
    const first = await publish(url, { event: 'order', data: { n: 1 } }, 'order-1');
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const answer = (await first.json()) as { id: number };
    // The publisher never saw that answer (a timeout, a dropped connection) and sends it again.
    for (let retry = 0; retry < 3; retry += 1) {
      const again = await publish(url, { event: 'order', data: { n: 1 } }, '"order-1"');
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toEqual(answer);
    }
    expect((await publish(url, { event: 'order', data: { n: 2 } }, 'order-2')).status).toBe(202);
    await client.waitFor(() => client.events.some((event) => event.data === '{"n":2}'), 5000, 'order 2');
    expect(client.events.map((event) => event.data)).toEqual(['{"n":1}', '{"n":2}']);
    client.close();
  });

  it('replays a batch whole, and refuses the same key with other events (422), publishing nothing', async () => {
    const { url, server } = await startServer({ publishToken: TOKEN });
    const batch = { events: [{ event: 'a', data: 1 }, { event: 'b', data: 2 }] };
    const first = await publish(url, batch, 'batch-1');
    const answer: unknown = await first.json();
    const again = await publish(url, batch, 'batch-1');
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(answer);
    for (const other of [{ events: [{ event: 'a', data: 1 }] }, { event: 'a', data: 1 }, { events: [{ event: 'a', data: 1 }, { event: 'b', data: 3 }] }]) {
      const reused = await publish(url, other, 'batch-1');
      expect(reused.status).toBe(422);
      expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
    }
    expect(server.stats().lastEventId).toBe(2);
  });

  it('refuses a malformed key with 400, publishing nothing; without a key nothing changes', async () => {
    const { url, server } = await startServer({ publishToken: TOKEN });
    for (const key of ['has space', 'x'.repeat(256), '""', 'caf\u00e9']) {
      const response = await publish(url, { event: 'a', data: 1 }, key);
      expect(response.status, key).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
    expect((await publish(url, { event: 'a', data: 1 })).status).toBe(202);
    expect((await publish(url, { event: 'a', data: 1 })).status).toBe(202);
    expect(server.stats().lastEventId).toBe(2);
  });
});

describe('IdempotencyMemory', () => {
  it('forgets a key after its time to live, and the oldest keys first beyond its size', () => {
    let now = 0;
    const memory = new IdempotencyMemory(1000, 2, () => now);
    memory.remember('a', 'fa', { id: 1 });
    now = 500;
    memory.remember('b', 'fb', { id: 2 });
    expect(memory.recall('a')).toEqual(expect.objectContaining({ fingerprint: 'fa', body: { id: 1 } }));
    now = 1000;
    expect(memory.recall('a')).toBeUndefined();
    expect(memory.recall('b')).toBeDefined();
    memory.remember('c', 'fc', { id: 3 });
    memory.remember('d', 'fd', { id: 4 });
    expect(memory.size).toBe(2);
    expect(memory.recall('b')).toBeUndefined();
    expect(memory.recall('d')).toBeDefined();
  });
});
