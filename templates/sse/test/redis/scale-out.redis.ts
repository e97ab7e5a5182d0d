import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../../public/sse-parser.js';
import { openEventStream, type EventStreamClient } from '../helpers/event-stream-client.js';
import { eventually, healthStatus, type Instance, publishOver, redisFixture, startInstance, streamKey, TOKEN } from './instances.js';
import { createClient } from 'redis';
import { RedisStore } from '../../src/redis-store.js';
import { parseStreamId } from '../../src/redis-stream-id.js';
import { startShippedNginx } from './nginx.js';

const fixture = redisFixture();
const { instances } = fixture;


async function instance(key: string, options = {}): Promise<Instance> {
  const started = await startInstance(fixture.redis.url, key, options);
  instances.push(started);
  return started;
}

/** The `n` of each `tick` event, in the order received. */
function ticks(events: readonly SseEvent[]): number[] {
  return events.filter((event) => event.type === 'tick').map((event) => (JSON.parse(event.data) as { n: number }).n);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, index) => from + index);
}

/** Publishes ticks from..to-1, alternating between the given instances (all must be accepted). */
async function publishTicks(targets: readonly Instance[], from: number, to: number): Promise<void> {
  for (let n = from; n < to; n += 1) {
    const { status } = await publishOver(targets[n % targets.length]!.url, 'tick', { n });
    expect(status, `publishing tick ${n}`).toBe(202);
  }
}

function cut(client: EventStreamClient): string {
  client.close();
  return client.lastEventId();
}

describe('Redis mode: two instances share one stream', () => {
  it('gives every event a Redis Stream id, and POST /publish answers with it', async () => {
    const a = await instance(streamKey());
    const client = await openEventStream(`${a.url}events`);
    const { id } = await publishOver(a.url, 'tick', { n: 0 });
    expect(id).toMatch(/^\d+-\d+$/);
    const [event] = await client.waitForEvents(1);
    expect(event).toMatchObject({ type: 'tick', lastEventId: id });
    await expect(a.server.publishAsync('tick', { n: 1 })).resolves.toMatchObject({ id: expect.stringMatching(/^\d+-\d+$/) });
    expect(() => a.server.publish('tick', { n: 2 })).toThrow(/publishAsync/);
    client.close();
  });

  it('a client cut on one instance resumes on the other: no gap, no duplicate', async () => {
    const key = streamKey();
    const a = await instance(key);
    const b = await instance(key);
    const first = await openEventStream(`${a.url}events`);
    await publishTicks([a, b], 0, 40);
    await first.waitFor(() => ticks(first.events).length >= 40, 5000, '40 ticks');
    const lastSeen = cut(first);
    await publishTicks([a, b], 40, 80);
    const second = await openEventStream(`${b.url}events`, { 'Last-Event-ID': lastSeen });
    await publishTicks([b, a], 80, 120);
    // On a timeout, the comparison below says what is missing or doubled.
    await second.waitFor(() => ticks(second.events).length >= 80, 20_000, '80 ticks').catch(() => {});
    expect([...ticks(first.events), ...ticks(second.events)]).toEqual(range(0, 120));
    expect(second.events.some((event) => event.type === 'reset')).toBe(false);
    second.close();
  });

  it('resumes from Redis (older than the instance has seen) and joins the live feed at the seam', async () => {
    const key = streamKey();
    const a = await instance(key);
    const first = await openEventStream(`${a.url}events`);
    await publishTicks([a], 0, 10);
    await first.waitFor(() => ticks(first.events).length >= 10, 5000, '10 ticks');
    const lastSeen = cut(first);
    await publishTicks([a], 10, 250);
    // Started now: its mirror begins at the stream's head, so all 240 missed events come from
    // XRANGE, in slices of 64 (its replay buffer), while another publisher keeps going.
    const late = await instance(key, { replayBuffer: 64 });
    const second = await openEventStream(`${late.url}events`, { 'Last-Event-ID': lastSeen });
    await publishTicks([a, late], 250, 330);
    await second.waitFor(() => ticks(second.events).length >= 320, 30_000, '320 ticks').catch(() => {});
    expect([...ticks(first.events), ...ticks(second.events)]).toEqual(range(0, 330));
    second.close();
  });

  it('says reset (expired) when the id is older than the stream\'s first entry, then goes on from it', async () => {
    const key = streamKey();
    // MAXLEN ~ 10: Redis trims whole nodes (100 entries by default), so it keeps 10 to about 110.
    const small = await instance(key, { replayBuffer: 10 });
    const { id: firstId } = await publishOver(small.url, 'tick', { n: 0 });
    await publishTicks([small], 1, 400);
    const client = await openEventStream(`${small.url}events`, { 'Last-Event-ID': firstId! });
    await client.waitFor(() => client.events.some((event) => event.type === 'tick' && JSON.parse(event.data).n === 399), 5000, 'the last tick');
    const [reset] = client.events;
    expect(reset).toMatchObject({ type: 'reset', lastEventId: firstId });
    expect(JSON.parse(reset!.data)).toEqual({ reason: 'expired', missed: null, lastEventId: firstId });
    const received = ticks(client.events);
    expect(received.length).toBeGreaterThanOrEqual(10);
    expect(received).toEqual(range(400 - received.length, 400));
    client.close();
  });

  it.each([
    ['garbage', 'not-an-id', 'malformed'],
    ['a memory-mode id', '1712345678901', 'unknown'],
    ['an id from the future', '99999999999999-0', 'unknown'],
    ['an overflowing id', '18446744073709551616-0', 'malformed'],
  ])('answers %s with a reset and the live feed', async (_name, lastEventId, reason) => {
    const key = streamKey();
    const a = await instance(key);
    await publishTicks([a], 0, 3);
    const client = await openEventStream(`${a.url}events`, { 'Last-Event-ID': lastEventId });
    await client.waitForEvents(1);
    expect(client.events[0]).toMatchObject({ type: 'reset' });
    expect(JSON.parse(client.events[0]!.data)).toMatchObject({ reason, lastEventId });
    await publishTicks([a], 3, 5);
    await client.waitFor(() => ticks(client.events).length >= 2, 3000, 'live ticks');
    expect(ticks(client.events)).toEqual([3, 4]);
    client.close();
  });
});

describe('Redis mode: an id of the right form that this stream never issued', () => {
  it('answers an id from another stream, inside this one\'s range, with reset unknown: never a replay from a position that means nothing here', async () => {
    const ours = streamKey();
    const theirs = streamKey();
    const a = await instance(ours);
    const other = await instance(theirs);
    // Alternating, so the other stream's ids fall between ours.
    const foreign: string[] = [];
    for (let n = 0; n < 6; n += 1) {
      expect((await publishOver(a.url, 'tick', { n })).status).toBe(202);
      foreign.push((await publishOver(other.url, 'tick', { n: 100 + n })).id!);
    }
    await publishTicks([a], 6, 7);
    // Served from the local buffer (a has read all of ours), and from Redis (late started after them).
    const late = await instance(ours);
    for (const [name, target] of [
      ['from the local buffer', a],
      ['from Redis', late],
    ] as const) {
      const client = await openEventStream(`${target.url}events`, { 'Last-Event-ID': foreign[2]! });
      await client.waitForEvents(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(client.events.map((event) => event.type), name).toEqual(['reset']);
      expect(JSON.parse(client.events[0]!.data), name).toEqual({ reason: 'unknown', missed: null, lastEventId: foreign[2] });
      const { id } = await publishOver(a.url, 'tick', { n: 7 });
      await client.waitFor(() => ticks(client.events).includes(7), 5000, 'the next live tick');
      expect(client.events.map((event) => event.lastEventId).slice(1), name).toEqual([id]);
      client.close();
    }
  });

  it('still resumes from ids it did issue that are not in the local buffer: the opening cursor of an empty stream, and another writer\'s entry', async () => {
    const key = streamKey();
    const a = await instance(key);
    const empty = await openEventStream(`${a.url}events`);
    await empty.waitFor(() => empty.raw().includes('\n\n'), 3000, 'the opening');
    const opening = empty.lastEventId();
    empty.close();
    expect(opening).toBe('0-0');
    await publishTicks([a], 0, 1);
    const { id: tick1 } = await publishOver(a.url, 'tick', { n: 1 });
    // Another program's entry (not e/d fields): skipped by the starter, but a real position.
    await fixture.redis.command(`XADD ${key} * foo bar`);
    await eventually(() => a.server.stats().redis!.lastId !== tick1, 3000, 'the reader to pass the other entry');
    const atSkipped = await openEventStream(`${a.url}events`);
    await atSkipped.waitFor(() => atSkipped.raw().includes('\n\n'), 3000, 'the opening');
    const skippedId = atSkipped.lastEventId();
    atSkipped.close();
    const late = await instance(key);
    const published = [
      { n: 0, key: 0n },
      { n: 1, key: 0n },
    ];
    const skippedKey = parseStreamId(skippedId)!.key;
    for (const [name, target, from, reset] of [
      ['0-0 on a', a, opening, false],
      // From Redis, 0-0 gets a reset (expired) before every event: a stream that begins above
      // 0-0 may have been trimmed or recreated (Redis restarted empty) since, and Redis cannot
      // tell which. A needless reset is safe; a silent gap is not.
      ['0-0 from Redis', late, opening, true],
      ['a skipped entry on a', a, skippedId, false],
      ['a skipped entry from Redis', late, skippedId, false],
    ] as const) {
      const client = await openEventStream(`${target.url}events`, { 'Last-Event-ID': from });
      const n = published.length;
      const { id } = await publishOver(a.url, 'tick', { n });
      published.push({ n, key: parseStreamId(id!)!.key });
      await client.waitFor(() => ticks(client.events).includes(n), 5000, `tick ${n} (${name})`).catch(() => {});
      expect(client.events.map((event) => event.type).includes('reset'), name).toBe(reset);
      const after = from === opening ? published : published.filter(({ key }) => key > skippedKey);
      expect(ticks(client.events), name).toEqual(after.map((tick) => tick.n));
      client.close();
    }
  });
});

describe('Redis mode: a key that is not a stream', () => {
  it('refuses to start with a clear error (WRONGTYPE), not a reader retrying in silence', async () => {
    const key = streamKey();
    expect(await fixture.redis.command(`SET ${key} not-a-stream`)).toBe('+OK');
    await expect(startInstance(fixture.redis.url, key)).rejects.toThrow(new RegExp(`cannot serve the stream ${key}: WRONGTYPE`));
  });
});

describe('Redis mode: Last-Event-ID from anyone', () => {
  it('answers any Last-Event-ID with a stream (resume or reset), never an error or a crash', async () => {
    const a = await instance(streamKey());
    await publishTicks([a], 0, 3);
    const printable = fc.string({ unit: fc.constantFrom(...'0123456789-abcXYZ +.:_'.split('')), maxLength: 45 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(printable, fc.string({ maxLength: 30 })), async (lastEventId) => {
        // Arbitrary text goes in the query (a header cannot carry it); printable text in the header too.
        const headers: Record<string, string> = /^[\x20-\x7e]*$/.test(lastEventId) ? { 'Last-Event-ID': lastEventId } : {};
        const query = headers['Last-Event-ID'] === undefined ? `?lastEventId=${encodeURIComponent(lastEventId)}` : '';
        const client = await openEventStream(`${a.url}events${query}`, headers);
        expect(client.response.statusCode).toBe(200);
        await client.waitFor(() => client.raw().includes('\n\n'), 3000, 'the opening');
        client.close();
      }),
      { numRuns: 40 },
    );
    expect(await healthStatus(a.url)).toBe(200);
    expect(a.logs.filter((line) => line.startsWith('error'))).toEqual([]);
  });
});

describe('Redis mode behind nginx (deploy/nginx.conf), round-robin over two instances', () => {
  it('a client that reconnects through nginx lands on the other instance and resumes: no gap, no duplicate', async () => {
    const key = streamKey();
    const a = await instance(key);
    const b = await instance(key);
    const nginx = await startShippedNginx([new URL(a.url).port, new URL(b.url).port].map(Number) as [number, number]);
    try {
      const received: number[] = [];
      const servedBy = new Set<string>();
      let lastSeen: string | undefined;
      let next = 0;
      for (let round = 0; round < 6; round += 1) {
        const client = await openEventStream(`${nginx.url}events`, lastSeen === undefined ? {} : { 'Last-Event-ID': lastSeen });
        await eventually(() => a.server.stats().subscribers + b.server.stats().subscribers === 1, 3000, 'the stream to open');
        servedBy.add(a.server.stats().subscribers === 1 ? 'a' : 'b');
        // Published through nginx too; buffering would hold these back (X-Accel-Buffering: no).
        const from = next;
        for (; next < from + 15; next += 1) expect((await publishOver(nginx.url, 'tick', { n: next })).status).toBe(202);
        const before = received.length;
        await client.waitFor(() => ticks(client.events).length >= next - before, 5000, `ticks up to ${next}`);
        received.push(...ticks(client.events));
        lastSeen = cut(client);
        await eventually(() => a.server.stats().subscribers + b.server.stats().subscribers === 0, 3000, 'the stream to close');
        // Missed while away.
        for (const stop = next + 5; next < stop; next += 1) expect((await publishOver(nginx.url, 'tick', { n: next })).status).toBe(202);
      }
      const last = await openEventStream(`${nginx.url}events`, { 'Last-Event-ID': lastSeen! });
      const before = received.length;
      await last.waitFor(() => ticks(last.events).length >= next - before, 5000, 'the last missed ticks');
      received.push(...ticks(last.events));
      last.close();
      expect(received).toEqual(range(0, next));
      expect([...servedBy].sort()).toEqual(['a', 'b']);
    } finally {
      await nginx.stop();
    }
  });
});

describe('Redis mode: batch POST /publish', () => {
  it('stores a batch atomically, in order, and answers with every id', async () => {
    const a = await instance(streamKey());
    const client = await openEventStream(`${a.url}events`);
    const response = await fetch(new URL('publish', a.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: range(0, 5).map((n) => ({ event: 'tick', data: { n } })) }),
    });
    expect(response.status).toBe(202);
    const { results } = (await response.json()) as { results: { id: string }[] };
    expect(results).toHaveLength(5);
    await client.waitFor(() => ticks(client.events).length >= 5, 5000, '5 ticks');
    expect(ticks(client.events)).toEqual(range(0, 5));
    expect(client.events.map((event) => event.lastEventId)).toEqual(results.map(({ id }) => id));
    client.close();
  });
});

describe('Redis mode: a subscriber slower than the local buffer', () => {
  it('catches up from Redis, or hears a reset for what Redis trimmed: never a silent gap', async () => {
    // A local buffer of 20 events; Redis keeps at least as many (MAXLEN ~ trims whole nodes).
    const a = await instance(streamKey(), { replayBuffer: 20, slowSubscriberTimeoutMs: 30_000 });
    const client = await openEventStream(`${a.url}events`);
    // Stop reading: the socket buffers fill, then the starter holds this client's cursor still.
    client.response.pause();
    const big = 'x'.repeat(64 * 1024);
    for (let n = 0; n < 150; n += 1) expect((await publishOver(a.url, 'tick', { n, big })).status, `tick ${n}`).toBe(202);
    client.response.resume();
    await client.waitFor(() => ticks(client.events).includes(149), 20_000, 'tick 149');
    let previous = -1;
    let resetSince = false;
    for (const event of client.events) {
      if (event.type === 'reset') {
        expect(JSON.parse(event.data)).toMatchObject({ reason: 'expired' });
        resetSince = true;
        continue;
      }
      const { n } = JSON.parse(event.data) as { n: number };
      expect(n, 'in order, once each').toBeGreaterThan(previous);
      if (n !== previous + 1) expect(resetSince, `a gap before tick ${n} with no reset`).toBe(true);
      previous = n;
      resetSince = false;
    }
    client.close();
  });
});

describe('Redis mode: memory bounded in bytes, as in-process mode is', () => {
  it('keeps the local buffer within REPLAY_BUFFER_BYTES and serves what it evicted from Redis, in slices bounded in bytes', async () => {
    // 40 events of 16 KiB: 640 KiB, ten times the 64 KiB byte bound (the count bound, 1000, is far).
    const a = await instance(streamKey(), { replayBufferBytes: 64 * 1024 });
    const big = 'x'.repeat(16 * 1024);
    const { id: firstId } = await publishOver(a.url, 'tick', { n: 0, big });
    await publishTicksWith(a, 1, 40, big);
    await eventually(() => a.server.stats().redis?.lastId !== firstId && (a.server.stats().redis?.bufferedBytes ?? 0) > 0, 5000, 'the reader to catch up');
    const bounded = a.server.stats().redis!;
    expect(bounded.bufferedBytes).toBeLessThanOrEqual(64 * 1024);
    expect(bounded.bufferedBytes).toBeGreaterThan(16 * 1024);
    // Resumed from the first event: 39 events from Redis (the buffer holds 3), no gap, no reset.
    const client = await openEventStream(`${a.url}events`, { 'Last-Event-ID': firstId! });
    await client.waitFor(() => ticks(client.events).length >= 39, 10_000, '39 ticks').catch(() => {});
    expect(ticks(client.events)).toEqual(range(1, 40));
    expect(client.events.some((event) => event.type === 'reset')).toBe(false);
    client.close();
  });
});

describe('Redis mode: Redis connections per instance', () => {
  it('holds two connections and one XREAD reader per instance, whatever the number of subscribers (CLIENT LIST)', async () => {
    const admin = createClient({ url: fixture.redis.url });
    await admin.connect();
    try {
      // CLIENT LIST: each connection's id (increasing) and its last command.
      const list = async () =>
        String(await admin.sendCommand(['CLIENT', 'LIST']))
          .trim()
          .split('\n')
          .map((line) => ({ id: Number(/\bid=(\d+)/.exec(line)![1]), cmd: /\bcmd=(\S+)/.exec(line)![1]! }));
      const newest = Math.max(...(await list()).map(({ id }) => id));
      const key = streamKey();
      const a = await instance(key, { maxSubscribers: 200 });
      const b = await instance(key, { maxSubscribers: 200 });
      const { id: firstId } = await publishOver(a.url, 'tick', { n: 0 });
      await publishTicks([a, b], 1, 5);
      // 200 subscribers, half of them resuming from the first event (read from Redis).
      const subscribers = await Promise.all(
        range(0, 200).map((n) => openEventStream(`${(n % 2 === 0 ? a : b).url}events`, n % 4 < 2 ? {} : { 'Last-Event-ID': firstId! })),
      );
      await publishTicks([a, b], 5, 8);
      await Promise.all(subscribers.map((client) => client.waitFor(() => ticks(client.events).includes(7), 20_000, 'tick 7')));
      // Opened since: the two instances' connections, nothing per subscriber. A reader reads
      // with a script (EVAL) and, once caught up, waits in XREAD, which nothing else sends.
      const opened = async () => (await list()).filter(({ id }) => id > newest);
      expect(await opened()).toHaveLength(4);
      await eventually(async () => (await opened()).filter(({ cmd }) => cmd === 'xread').length === 2, 10_000, 'two readers waiting in XREAD');
      expect(await opened()).toHaveLength(4);
      for (const client of subscribers) client.close();
    } finally {
      await admin.close();
    }
  });
});

describe('RedisStore.readAfter: one slice of the stream for a client behind the local buffer', () => {
  it('stops a slice at the byte budget (always at least one entry), so a stalled client holds a bounded backlog', async () => {
    const store = new RedisStore({ url: fixture.redis.url, streamKey: streamKey(), maxLen: 1000, commandTimeoutMs: 5000, log: () => {} }, 10);
    await store.connect();
    try {
      const big = JSON.stringify('x'.repeat(16 * 1024));
      const ids = await store.publishMany(range(0, 10).map(() => ({ event: 'tick', json: big })));
      // 40 KiB holds two 16 KiB entries, not a third.
      const slice = await store.readAfter('0-0', 1000, 40 * 1024);
      expect(slice.entries.map(({ id }) => id)).toEqual(ids.slice(0, 2));
      expect(slice.first?.id).toBe(ids[0]);
      expect(slice.last?.id).toBe(ids[9]);
      // A single entry larger than the budget still comes, alone: a client is never stuck.
      expect((await store.readAfter(ids[4]!, 1000, 100)).entries.map(({ id }) => id)).toEqual([ids[5]]);
      expect((await store.readAfter('0-0', 1000, 1024 * 1024)).entries).toHaveLength(10);
    } finally {
      await store.close();
    }
  });
});

async function publishTicksWith(target: Instance, from: number, to: number, big: string): Promise<void> {
  for (let n = from; n < to; n += 1) expect((await publishOver(target.url, 'tick', { n, big })).status, `tick ${n}`).toBe(202);
}

