import { describe, expect, it, vi } from 'vitest';
import { Coalescer } from '../src/coalescer.js';
import { loadConfig } from '../src/config.js';
import { createMemoryHub, type HubEvent } from '../src/event-hub.js';
import { createServer, ShuttingDownError } from '../src/server.js';
import { ids, openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

const TOKEN = 'test-token-0123456789abcdef';

/** Long enough that a window cannot close by itself during a test: only what the test does closes it. */
const NEVER = 60_000;

async function publish(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function values(events: readonly { data: string }[]): unknown[] {
  return events.map((event) => JSON.parse(event.data));
}

describe('coalescing keyed publishes', () => {
  it('delivers 1,000 publishes of one key inside one window as one event carrying the last value', async () => {
    const { server, url } = await startServer({ coalesceMs: 50 });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    for (let n = 1; n <= 1000; n += 1) {
      expect(server.publish('price', { n }, 'AAPL')).toEqual({ coalesced: true });
    }
    expect(server.hub.lastId).toBe(0);
    const [event] = await client.waitForEvents(1);
    expect(event).toEqual({ type: 'price', data: '{"n":1000}', lastEventId: '1' });

    // An unkeyed marker: if anything else had been published, it would come before the marker.
    server.publish('marker', 'end');
    const events = await client.waitForEvents(2);
    expect(events.map((e) => e.type)).toEqual(['price', 'marker']);
    expect(ids(events)).toEqual([1, 2]);
    expect(server.stats().coalescing).toEqual({ pendingKeys: 0, superseded: 999, earlyFlushes: 0 });
    client.close();
  });

  // 200, not 1,000: sequential POSTs cost about a millisecond each, several under a loaded
  // suite; the test above publishes 1,000 through the same coalescer.
  it('answers 200 keyed POSTs with 202 {"coalesced": true} and publishes only the last value', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN, coalesceMs: NEVER });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    for (let n = 1; n <= 200; n += 1) {
      const answer = await publish(url, { event: 'price', data: { n }, key: 'BTC-USD' });
      expect(answer).toEqual({ status: 202, body: { coalesced: true } });
    }
    expect(server.hub.lastId).toBe(0);
    expect(client.events).toHaveLength(0);

    // An unkeyed event closes the window, after publishing what waited in it.
    expect(await publish(url, { event: 'note', data: 'after' })).toEqual({ status: 202, body: { id: 2 } });
    const events = await client.waitForEvents(2);
    expect(events).toEqual([
      { type: 'price', data: '{"n":200}', lastEventId: '1' },
      { type: 'note', data: '"after"', lastEventId: '2' },
    ]);
    client.close();
  });

  it('publishes a keyed POST by itself when the window closes', async () => {
    // A 2 s window: the three POSTs below must all land in it, also on a loaded machine.
    const { server, url } = await startServer({ publishToken: TOKEN, coalesceMs: 2_000 });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    for (const value of [10, 20, 30]) {
      expect(await publish(url, { event: 'gauge', data: value, key: 'boiler' })).toEqual({
        status: 202,
        body: { coalesced: true },
      });
    }
    const [event] = await client.waitForEvents(1, 6_000);
    expect(event).toEqual({ type: 'gauge', data: '30', lastEventId: '1' });
    expect(server.stats().coalescing).toMatchObject({ pendingKeys: 0, superseded: 2 });
    client.close();
  });

  it('keeps the latest value of every distinct key, in the order each was last updated', async () => {
    const { server, url } = await startServer({ coalesceMs: 50 });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    for (let round = 1; round <= 3; round += 1) {
      for (let k = 0; k < 100; k += 1) server.publish('price', { k, round }, `k${k}`);
    }
    // The same key under another event name is another value.
    server.publish('volume', { k: 0 }, 'k0');
    server.publish('price', { k: 5, round: 4 }, 'k5');

    const events = await client.waitForEvents(101);
    expect(ids(events)).toEqual(Array.from({ length: 101 }, (_, index) => index + 1));
    const expected = [
      ...Array.from({ length: 100 }, (_, k) => ({ k, round: 3 })).filter(({ k }) => k !== 5),
      { k: 0 },
      { k: 5, round: 4 },
    ];
    expect(values(events)).toEqual(expected);
    expect(events.at(-2)?.type).toBe('volume');
    expect(server.stats().coalescing).toEqual({ pendingKeys: 0, superseded: 201, earlyFlushes: 0 });
    client.close();
  });

  it('passes unkeyed events straight through, in order, while a window is open', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN, coalesceMs: NEVER });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    for (let n = 1; n <= 5; n += 1) {
      expect(await publish(url, { event: 'chat', data: { n } })).toEqual({ status: 202, body: { id: n } });
    }
    // The window is NEVER long: these arrived without waiting for it.
    const events = await client.waitForEvents(5);
    expect(ids(events)).toEqual([1, 2, 3, 4, 5]);
    expect(values(events)).toEqual([1, 2, 3, 4, 5].map((n) => ({ n })));
    client.close();
  });

  it('publishes pending keyed values before an unkeyed event, so nothing is reordered', async () => {
    const { server, url } = await startServer({ coalesceMs: NEVER });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    server.publish('pos', 'a1', 'a');
    server.publish('pos', 'b1', 'b');
    server.publish('pos', 'a2', 'a');
    expect(server.publish('trade', 't1')).toEqual({ id: 3 });
    server.publish('pos', 'a3', 'a');
    expect(server.stats().coalescing.pendingKeys).toBe(1);
    server.publish('trade', 't2');

    const events = await client.waitForEvents(5);
    expect(values(events)).toEqual(['b1', 'a2', 't1', 'a3', 't2']);
    expect(ids(events)).toEqual([1, 2, 3, 4, 5]);
    client.close();
  });

  it('resumes by Last-Event-ID across coalesced windows with no gap and no duplicate', async () => {
    const { server, url } = await startServer({ coalesceMs: 20 });
    const watcher = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    let accepted = 0;
    for (let window = 1; window <= 5; window += 1) {
      for (let n = 1; n <= 50; n += 1) {
        server.publish('price', { window, n }, n % 2 === 0 ? 'even' : 'odd');
        accepted += 1;
      }
      // Two keys per window: wait for both before opening the next one.
      await watcher.waitForEvents(window * 2);
    }
    expect(accepted).toBe(250);
    expect(server.hub.lastId).toBe(10);
    const all = watcher.events;
    expect(ids(all)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(values(all).slice(0, 2)).toEqual([
      { window: 1, n: 49 },
      { window: 1, n: 50 },
    ]);

    // A client that saw up to id 4 reconnects: it gets 5..10 from the buffer, then live events.
    const resumed = await openEventStream(`${url}events`, { 'Last-Event-ID': '4' });
    await resumed.waitForEvents(6);
    server.publish('price', { window: 6, n: 1 }, 'odd');
    server.publish('price', { window: 6, n: 3 }, 'odd');
    const events = await resumed.waitForEvents(7);
    expect(ids(events)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(events.slice(0, 6)).toEqual(all.slice(4, 10));
    expect(JSON.parse(events[6]?.data ?? '')).toEqual({ window: 6, n: 3 });
    expect(events.some((event) => event.type === 'reset')).toBe(false);
    watcher.close();
    resumed.close();
  });

  it('closes the window early when a new key would go over maxCoalesceKeys', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN, coalesceMs: NEVER, maxCoalesceKeys: 3 });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    for (const [key, data] of [['a', 1], ['b', 1], ['c', 1], ['a', 2]] as const) {
      expect(await publish(url, { event: 'v', data, key })).toEqual({ status: 202, body: { coalesced: true } });
    }
    // Updating a pending key never closes the window: still three keys.
    expect(server.stats().coalescing).toEqual({ pendingKeys: 3, superseded: 1, earlyFlushes: 0 });
    expect(server.hub.lastId).toBe(0);

    // A fourth key: the three pending values go out now, and "d" opens the next window.
    expect(await publish(url, { event: 'v', data: 1, key: 'd' })).toEqual({ status: 202, body: { coalesced: true } });
    const flushed = await client.waitForEvents(3);
    expect(flushed.map((event) => event.data)).toEqual(['1', '1', '2']);
    expect(ids(flushed)).toEqual([1, 2, 3]);
    expect(server.stats().coalescing).toEqual({ pendingKeys: 1, superseded: 1, earlyFlushes: 1 });

    await server.stop();
    expect(await client.finished).toBe('end');
    expect(ids(client.events)).toEqual([1, 2, 3, 4]);
    expect(client.events.at(-1)?.data).toBe('1');
  });

  it('gives a connected subscriber a reset, as without coalescing, when a synchronous flood of distinct keys overruns the replay buffer', async () => {
    const { server, url } = await startServer({ replayBuffer: 10, coalesceMs: NEVER });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    // 200 distinct keys of 4 KB in one turn: the cap (10) closes 19 windows at once, 190 events
    // (760 KB) for a buffer of 10, far more than the subscriber's socket takes before it waits
    // for 'drain'. Each flush fits in the buffer; the flood does not.
    const padding = 'x'.repeat(4096);
    for (let k = 0; k < 200; k += 1) {
      expect(server.publish('price', { k, padding }, `k${k}`)).toEqual({ coalesced: true });
    }
    expect(server.stats().coalescing.earlyFlushes).toBe(19);
    server.publish('marker', 'end');

    await client.waitFor(() => client.events.at(-1)?.type === 'marker', 5000, 'the marker');
    const resets = client.events.filter((event) => event.type === 'reset');
    expect(resets.length).toBeGreaterThan(0);
    const missed = resets.reduce((sum, event) => sum + (JSON.parse(event.data) as { missed: number }).missed, 0);
    const delivered = client.events.filter((event) => event.type !== 'reset');
    // Loss is explicit: every one of the 201 events was either received or counted as missed.
    expect(delivered.length + missed).toBe(201);
    expect(ids(delivered).at(-1)).toBe(201);
    client.close();
  });

  it('refuses a maxCoalesceKeys above replayBuffer, which one flush could overrun', () => {
    expect(() => createServer({ replayBuffer: 10, maxCoalesceKeys: 11 })).toThrow(/must not exceed replayBuffer/);
    expect(() => createServer({ maxCoalesceKeys: 0 })).toThrow(/maxCoalesceKeys must be a positive integer/);
    expect(() => createServer({ coalesceMs: -1 })).toThrow(/coalesceMs must be a non-negative integer/);
    expect(createServer({ replayBuffer: 10 }).stats().coalescing.pendingKeys).toBe(0);
  });

  it('refuses a coalesceMs above 60000, the cap COALESCE_MS has, instead of letting the timer overflow', () => {
    for (const coalesceMs of [60_001, 2 ** 31, 2 ** 40]) {
      expect(() => createServer({ coalesceMs })).toThrow(RangeError);
      expect(() => createServer({ coalesceMs })).toThrow(/option coalesceMs must be at most 60000/);
    }
    const hub = createMemoryHub({ replayBuffer: 10, firstId: 1 });
    expect(() => new Coalescer({ hub, windowMs: 2 ** 31, maxKeys: 10, onError: () => {} })).toThrow(RangeError);
    expect(createServer({ coalesceMs: 60_000 }).stats().coalescing.pendingKeys).toBe(0);
  });

  it('publishes pending values on stop() before it ends the streams', async () => {
    const { server, url } = await startServer({ coalesceMs: NEVER });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    // About 150 KB in one flush: more than a socket buffer takes in one go.
    const padding = 'x'.repeat(300);
    for (let k = 0; k < 500; k += 1) {
      server.publish('price', { k, stale: true }, `k${k}`);
      server.publish('price', { k, padding }, `k${k}`);
    }
    expect(server.hub.lastId).toBe(0);

    await server.stop();
    expect(await client.finished).toBe('end');
    expect(ids(client.events)).toEqual(Array.from({ length: 500 }, (_, index) => index + 1));
    expect(values(client.events)).toEqual(Array.from({ length: 500 }, (_, k) => ({ k, padding })));

    // Nothing is accepted after stop() began: no answer promises a value that nobody will get.
    expect(() => server.publish('price', 1, 'k0')).toThrow(ShuttingDownError);
    expect(server.hub.lastId).toBe(500);
  });

  it('keeps today\'s behaviour with coalesceMs 0: a keyed publish gets its id and every value is delivered', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    for (let n = 1; n <= 5; n += 1) {
      expect(await publish(url, { event: 'price', data: n, key: 'AAPL' })).toEqual({ status: 202, body: { id: n } });
    }
    const events = await client.waitForEvents(5);
    expect(ids(events)).toEqual([1, 2, 3, 4, 5]);
    expect(values(events)).toEqual([1, 2, 3, 4, 5]);
    expect(server.stats().coalescing).toEqual({ pendingKeys: 0, superseded: 0, earlyFlushes: 0 });
    client.close();
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['an empty string', ''],
    ['a space', 'two words'],
    ['a newline', 'a\nb'],
    ['129 characters', 'k'.repeat(129)],
  ])('answers 400 for a key that is %s, with or without coalescing', async (_what, key) => {
    for (const coalesceMs of [0, NEVER]) {
      const { server, url } = await startServer({ publishToken: TOKEN, coalesceMs });
      const answer = await publish(url, { event: 'price', data: 1, key });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('"key"') } });
      expect(server.stats().coalescing.pendingKeys).toBe(0);
      expect(server.hub.lastId).toBe(0);
    }
  });

  it('accepts keys of up to 128 letters, digits and _ . : / -', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN, coalesceMs: NEVER });
    for (const key of ['AAPL', 'BTC-USD', 'sensor:42', 'users/7', 'a_b.c', '7', 'k'.repeat(128)]) {
      expect((await publish(url, { event: 'price', data: 1, key })).status, key).toBe(202);
    }
    expect(server.stats().coalescing.pendingKeys).toBe(7);
  });

  it('refuses, from code, what could not be published later: a bad key, an unsafe name, data that is not JSON', async () => {
    const { server } = await startServer({ coalesceMs: NEVER });
    expect(() => server.publish('price', 1, 'two words')).toThrow(TypeError);
    expect(() => server.publish('bad name', 1, 'k')).toThrow(TypeError);
    expect(() => server.publish('price', undefined, 'k')).toThrow(TypeError);
    expect(() => server.publish('price', 10n, 'k')).toThrow(TypeError);
    expect(server.stats().coalescing.pendingKeys).toBe(0);
  });

  it('publishes a value as it was when accepted, even if the caller changes the object afterwards', async () => {
    const { server, url } = await startServer({ coalesceMs: 20 });
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));
    const reading = { value: 1 };
    server.publish('gauge', reading, 'g');
    reading.value = 2;
    const [event] = await client.waitForEvents(1);
    expect(event?.data).toBe('{"value":1}');
    client.close();
  });

  it('coalesces the temperature feed when it ticks faster than the window', async () => {
    const { server, url } = await startServer({ feedIntervalMs: 1, coalesceMs: 100 });
    const client = await openEventStream(`${url}events`);
    const events = await client.waitForEvents(3);
    expect(events.every((event) => event.type === 'temperature')).toBe(true);
    const [first, second, third] = ids(events);
    expect([second, third]).toEqual([Number(first) + 1, Number(first) + 2]);
    // At a 1 ms interval, a 100 ms window sees more than one reading.
    expect(server.stats().coalescing.superseded).toBeGreaterThan(0);
    client.close();
  });
});

describe('Coalescer', () => {
  it('uses one timer per window, however many keys it holds', () => {
    const hub = createMemoryHub({ replayBuffer: 1000, firstId: 1 });
    const coalescer = new Coalescer({ hub, windowMs: NEVER, maxKeys: 1000, onError: () => {} });
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = timers();
    for (let k = 0; k < 1000; k += 1) coalescer.publish('price', k, `k${k}`);
    expect(timers()).toBe(before + 1);
    coalescer.flush();
    expect(timers()).toBe(before);
    expect(hub.lastId).toBe(1000);
  });

  it('reports a hub that fails during a flush and still publishes the other values', () => {
    const hub = createMemoryHub({ replayBuffer: 10, firstId: 1 });
    const published: HubEvent[] = [];
    hub.subscribe((event) => published.push(event));
    let failOnce = true;
    const flaky = {
      ...hub,
      get lastId() {
        return hub.lastId;
      },
      get oldestId() {
        return hub.oldestId;
      },
      publish(event: string, data: unknown) {
        if (failOnce) {
          failOnce = false;
          throw new Error('log unavailable');
        }
        return hub.publish(event, data);
      },
    };
    const errors: unknown[] = [];
    const coalescer = new Coalescer({ hub: flaky, windowMs: NEVER, maxKeys: 10, onError: (error) => errors.push(error) });
    coalescer.publish('v', 1, 'a');
    coalescer.publish('v', 2, 'b');
    coalescer.flush();
    expect(errors).toHaveLength(1);
    expect(published.map((event) => [event.id, event.data])).toEqual([[1, 2]]);
  });
});

describe('coalescing configuration', () => {
  it('reads COALESCE_MS and MAX_COALESCE_KEYS', () => {
    expect(loadConfig({ COALESCE_MS: '100', MAX_COALESCE_KEYS: '500' })).toMatchObject({
      coalesceMs: 100,
      maxCoalesceKeys: 500,
    });
  });

  it('refuses MAX_COALESCE_KEYS above REPLAY_BUFFER and out-of-range values, by name', () => {
    expect(() => loadConfig({ MAX_COALESCE_KEYS: '2000' })).toThrow(/MAX_COALESCE_KEYS \(2000\) must not exceed REPLAY_BUFFER \(1000\)/);
    expect(() => loadConfig({ REPLAY_BUFFER: '50', MAX_COALESCE_KEYS: '51' })).toThrow(/REPLAY_BUFFER \(50\)/);
    expect(() => loadConfig({ COALESCE_MS: '60001' })).toThrow(/COALESCE_MS must be an integer from 0 to 60000/);
    expect(() => loadConfig({ MAX_COALESCE_KEYS: '0' })).toThrow(/MAX_COALESCE_KEYS must be an integer from 1/);
    expect(loadConfig({ REPLAY_BUFFER: '50', COALESCE_MS: '100' })).toMatchObject({ replayBuffer: 50, coalesceMs: 100 });
  });
});
