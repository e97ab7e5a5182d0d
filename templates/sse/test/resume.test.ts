import { describe, expect, it, vi } from 'vitest';
import { createMemoryHub } from '../src/event-hub.js';
import { planResume } from '../src/resume.js';
import { ids, openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

describe('planResume', () => {
  const window = { firstId: 1, lastId: 10, oldestId: 6 };

  it.each([
    [undefined, { kind: 'resume', cursor: 10 }],
    ['', { kind: 'resume', cursor: 10 }],
    ['10', { kind: 'resume', cursor: 10 }],
    ['7', { kind: 'resume', cursor: 7 }],
    ['5', { kind: 'resume', cursor: 5 }],
    ['4', { kind: 'reset', reason: 'expired', missed: 1, lastEventId: '4', cursor: 5 }],
    ['0', { kind: 'reset', reason: 'expired', missed: 5, lastEventId: '0', cursor: 5 }],
    ['11', { kind: 'reset', reason: 'unknown', missed: null, lastEventId: '11', cursor: 10 }],
    ['abc', { kind: 'reset', reason: 'malformed', missed: null, lastEventId: 'abc', cursor: 10 }],
    ['-1', { kind: 'reset', reason: 'malformed', missed: null, lastEventId: '-1', cursor: 10 }],
    ['1.5', { kind: 'reset', reason: 'malformed', missed: null, lastEventId: '1.5', cursor: 10 }],
    ['1e3', { kind: 'reset', reason: 'malformed', missed: null, lastEventId: '1e3', cursor: 10 }],
    ['9'.repeat(20), { kind: 'reset', reason: 'malformed', missed: null, lastEventId: '9'.repeat(20), cursor: 10 }],
  ])('Last-Event-ID %j -> %j', (lastEventId, plan) => {
    expect(planResume(lastEventId, window)).toEqual(plan);
  });

  it('replays from the start when nothing has been evicted yet', () => {
    expect(planResume('0', { firstId: 1, lastId: 3, oldestId: 1 })).toEqual({ kind: 'resume', cursor: 0 });
  });

  it('reads ids of 16 digits (microseconds since the epoch), and calls one past the safe integers malformed', () => {
    const window = { firstId: 1_796_405_411_650_000, lastId: 1_796_405_411_650_009, oldestId: 1_796_405_411_650_005 };
    expect(planResume('1796405411650007', window)).toEqual({ kind: 'resume', cursor: 1_796_405_411_650_007 });
    expect(planResume('1796405411649990', window)).toMatchObject({ kind: 'reset', reason: 'unknown' });
    expect(planResume('9007199254740993', window)).toMatchObject({ kind: 'reset', reason: 'malformed', missed: null });
    expect(planResume('17964054116500070', window)).toMatchObject({ kind: 'reset', reason: 'malformed' });
  });

  it('treats an id from before the first id as unknown, not as expired', () => {
    const restarted = { firstId: 1000, lastId: 1010, oldestId: 1006 };
    expect(planResume('999', { ...restarted, oldestId: 1000 })).toEqual({ kind: 'resume', cursor: 999 });
    expect(planResume('999', restarted)).toMatchObject({ kind: 'reset', reason: 'expired', missed: 6 });
    expect(planResume('998', restarted)).toMatchObject({ kind: 'reset', reason: 'unknown', missed: null });
    expect(planResume('500', restarted)).toEqual({
      kind: 'reset',
      reason: 'unknown',
      missed: null,
      lastEventId: '500',
      cursor: 1010,
    });
  });
});

describe('resuming GET /events', () => {
  it('replays exactly the missed events after Last-Event-ID, then goes live without duplicates', async () => {
    const { server, url } = await startServer();
    for (let n = 1; n <= 5; n += 1) server.hub.publish('tick', { n });

    const client = await openEventStream(`${url}events`, { 'Last-Event-ID': '2' });
    await client.waitForEvents(3);
    server.hub.publish('tick', { n: 6 });
    server.hub.publish('tick', { n: 7 });
    const events = await client.waitForEvents(5);
    expect(ids(events)).toEqual([3, 4, 5, 6, 7]);
    expect(events.map((event) => JSON.parse(event.data).n)).toEqual([3, 4, 5, 6, 7]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(client.events).toHaveLength(5);
    client.close();
  });

  it('accepts ?lastEventId= for clients that cannot set headers', async () => {
    const { server, url } = await startServer();
    for (let n = 1; n <= 5; n += 1) server.hub.publish('tick', { n });
    const client = await openEventStream(`${url}events?lastEventId=3`);
    expect(ids(await client.waitForEvents(2))).toEqual([4, 5]);
    client.close();
  });

  it('prefers the Last-Event-ID header over the query parameter', async () => {
    const { server, url } = await startServer();
    for (let n = 1; n <= 5; n += 1) server.hub.publish('tick', { n });
    const client = await openEventStream(`${url}events?lastEventId=1`, { 'Last-Event-ID': '4' });
    expect(ids(await client.waitForEvents(1))).toEqual([5]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(client.events).toHaveLength(1);
    client.close();
  });

  it('gets a client that dropped its connection back in step', async () => {
    const { server, url } = await startServer();
    const first = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));
    server.hub.publish('tick', { n: 1 });
    server.hub.publish('tick', { n: 2 });
    await first.waitForEvents(2);
    first.close();

    for (let n = 3; n <= 6; n += 1) server.hub.publish('tick', { n });
    const second = await openEventStream(`${url}events`, { 'Last-Event-ID': first.lastEventId() });
    expect(ids(await second.waitForEvents(4))).toEqual([3, 4, 5, 6]);
    second.close();
  });

  it('sends a reset with the missed count when the id is older than the replay buffer', async () => {
    const { server, url } = await startServer({ replayBuffer: 3 });
    for (let n = 1; n <= 10; n += 1) server.hub.publish('tick', { n });

    const client = await openEventStream(`${url}events`, { 'Last-Event-ID': '2' });
    const [reset, ...replayed] = await client.waitForEvents(4);
    expect(reset?.type).toBe('reset');
    expect(JSON.parse(reset?.data ?? '')).toEqual({ reason: 'expired', missed: 5, lastEventId: '2' });
    expect(reset?.lastEventId).toBe('7');
    expect(ids(replayed)).toEqual([8, 9, 10]);
    client.close();
  });

  it('sends a reset for a malformed Last-Event-ID and continues with live events only', async () => {
    const { server, url } = await startServer();
    for (let n = 1; n <= 3; n += 1) server.hub.publish('tick', { n });

    const client = await openEventStream(`${url}events`, { 'Last-Event-ID': 'not-a-number' });
    await client.waitForEvents(1);
    server.hub.publish('tick', { n: 4 });
    const [reset, live] = await client.waitForEvents(2);
    expect(reset?.type).toBe('reset');
    expect(JSON.parse(reset?.data ?? '')).toEqual({ reason: 'malformed', missed: null, lastEventId: 'not-a-number' });
    expect(reset?.lastEventId).toBe('3');
    expect(ids(live ? [live] : [])).toEqual([4]);
    client.close();
  });

  it('tells a client from before a restart, even once the new run has published more events', async () => {
    // The server's default hub: ids start at the clock.
    const before = await startServer({ hub: createMemoryHub({ replayBuffer: 100 }) });
    for (let n = 1; n <= 3; n += 1) before.server.hub.publish('tick', { n });
    const heldByClient = String(before.server.hub.lastId);
    await before.server.stop();

    await new Promise((resolve) => setTimeout(resolve, 10));
    const { server, url } = await startServer({ hub: createMemoryHub({ replayBuffer: 100 }) });
    for (let n = 1; n <= 10; n += 1) server.hub.publish('tick', { n });

    const client = await openEventStream(`${url}events`, { 'Last-Event-ID': heldByClient });
    const [reset] = await client.waitForEvents(1);
    expect(reset?.type).toBe('reset');
    expect(JSON.parse(reset?.data ?? '')).toEqual({ reason: 'unknown', missed: null, lastEventId: heldByClient });
    expect(reset?.lastEventId).toBe(String(server.hub.lastId));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(client.events).toHaveLength(1);
    client.close();
  });

  it('sends a reset for an id from the future, as after a server restart', async () => {
    const { server, url } = await startServer();
    server.hub.publish('tick', { n: 1 });

    const client = await openEventStream(`${url}events`, { 'Last-Event-ID': '500' });
    const [reset] = await client.waitForEvents(1);
    expect(reset?.type).toBe('reset');
    expect(JSON.parse(reset?.data ?? '')).toEqual({ reason: 'unknown', missed: null, lastEventId: '500' });
    expect(reset?.lastEventId).toBe('1');
    client.close();
  });
});
