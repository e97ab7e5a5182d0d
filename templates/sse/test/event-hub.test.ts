import { describe, expect, it } from 'vitest';
import { createMemoryHub, type HubEvent } from '../src/event-hub.js';
import { RingBuffer } from '../src/ring-buffer.js';
import { formatEvent, isSafeEventName } from '../src/sse-format.js';

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    for (let n = 1; n <= 5; n += 1) ring.push(n);
    expect(ring.length).toBe(3);
    expect([ring.at(0), ring.at(1), ring.at(2), ring.at(3), ring.at(-1)]).toEqual([3, 4, 5, undefined, undefined]);
  });

  it('holds nothing with capacity 0', () => {
    const ring = new RingBuffer<number>(0);
    ring.push(1);
    expect(ring.length).toBe(0);
    expect(ring.at(0)).toBeUndefined();
  });
});

describe('createMemoryHub', () => {
  it('numbers events 1, 2, 3 and encodes each once', () => {
    const hub = createMemoryHub({ replayBuffer: 10, firstId: 1 });
    const seen: HubEvent[] = [];
    const unsubscribe = hub.subscribe((event) => seen.push(event));
    const first = hub.publish('tick', { n: 1 });
    const second = hub.publish('tick', { n: 2 });
    expect([first.id, second.id, hub.lastId]).toEqual([1, 2, 2]);
    expect(first.frame.toString()).toBe('id: 1\nevent: tick\ndata: {"n":1}\n\n');
    expect(seen).toEqual([first, second]);
    expect(hub.get(1)?.frame).toBe(first.frame);
    unsubscribe();
    hub.publish('tick', { n: 3 });
    expect(seen).toHaveLength(2);
  });

  it('keeps only the last replayBuffer events', () => {
    const hub = createMemoryHub({ replayBuffer: 3, firstId: 1 });
    expect(hub.oldestId).toBe(1);
    for (let n = 1; n <= 7; n += 1) hub.publish('tick', n);
    expect(hub.oldestId).toBe(5);
    expect([4, 5, 7, 8].map((id) => hub.get(id)?.id)).toEqual([undefined, 5, 7, undefined]);
  });

  it('refuses data that is not JSON', () => {
    const hub = createMemoryHub({ replayBuffer: 3, firstId: 1 });
    expect(() => hub.publish('tick', undefined)).toThrow(TypeError);
    expect(hub.lastId).toBe(0);
  });

  it('starts its ids at the clock by default, so a restarted server does not reuse them', async () => {
    const before = Date.now() * 1000;
    const first = createMemoryHub({ replayBuffer: 3 });
    expect(first.firstId).toBeGreaterThanOrEqual(before);
    for (let n = 1; n <= 5; n += 1) first.publish('tick', n);
    expect(first.lastId).toBe(first.firstId + 4);

    await new Promise((resolve) => setTimeout(resolve, 10));
    const restarted = createMemoryHub({ replayBuffer: 3 });
    expect(restarted.firstId).toBeGreaterThan(first.lastId);
  });

  it('does not reuse ids after a restart even when the run published far more than 1,000 events a second', async () => {
    // Review: with ids in ms, a run that averaged over 1,000 events a second was ahead of the
    // clock, and a restart reused its last ids (a client holding one resumed mid-stream, silently).
    const first = createMemoryHub({ replayBuffer: 3 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let n = 1; n <= 10_000; n += 1) first.publish('tick', n);
    const restarted = createMemoryHub({ replayBuffer: 3 });
    expect(restarted.firstId).toBeGreaterThan(first.lastId);
    expect(Number.isSafeInteger(restarted.firstId + 1_000_000_000)).toBe(true);
  });

  it('needs room for at least one event', () => {
    expect(() => createMemoryHub({ replayBuffer: 0 })).toThrow(/replayBuffer must be a positive integer/);
    expect(() => createMemoryHub({ replayBuffer: 1, firstId: 0 })).toThrow(/firstId/);
  });
});

describe('formatEvent', () => {
  it('writes one data: line per line of text, whatever the line ends', () => {
    expect(formatEvent({ data: 'a\r\nb\rc\nd' }).toString()).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
  });

  it('refuses event names that could inject fields', () => {
    expect(() => formatEvent({ event: 'x\nid: 9', data: '' })).toThrow(TypeError);
    expect(['temperature', 'a.b:c-d_e', 'x'.repeat(64)].every(isSafeEventName)).toBe(true);
    expect(['', '1st', 'two words', 'x\r', 'x'.repeat(65)].some(isSafeEventName)).toBe(false);
  });
});

describe('the replay buffer in bytes', () => {
  it('evicts the oldest events once their frames pass replayBufferBytes, keeping at least the newest', () => {
    const hub = createMemoryHub({ replayBuffer: 1000, replayBufferBytes: 1024 * 1024, firstId: 1 });
    const big = 'x'.repeat(150 * 1024);
    for (let n = 1; n <= 10; n += 1) hub.publish('big', big);
    expect(hub.lastId).toBe(10);
    // Each holds about 300 KiB (a 150 KiB frame and 150 KiB of data): three fit in 1 MiB, four do not.
    expect(hub.oldestId).toBe(8);
    expect(hub.get(7)).toBeUndefined();
    expect(hub.get(8)?.id).toBe(8);
    expect(hub.bufferedBytes).toBeLessThanOrEqual(1024 * 1024);

    hub.publish('huge', 'y'.repeat(2 * 1024 * 1024));
    expect([hub.oldestId, hub.lastId]).toEqual([11, 11]);
  });

  it('counts the bytes a buffered event holds: its frame and its data', () => {
    const hub = createMemoryHub({ replayBuffer: 10, firstId: 1 });
    const event = hub.publish('tick', 'x'.repeat(1000));
    expect(hub.bufferedBytes).toBeGreaterThanOrEqual(2 * event.frame.length - 100);
  });
});
