import type { ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { ChatModel } from '../src/chat-model.js';
import type { SseServer } from '../src/server.js';
import { ids, openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

const BIG = 'x'.repeat(64 * 1024);

/** The ServerResponse of the next request, to watch its buffer from the outside. */
function nextResponse(server: SseServer): Promise<ServerResponse> {
  return new Promise((resolve) => server.httpServer.once('request', (_req, res: ServerResponse) => resolve(res)));
}

/** Publishes big events, one per turn of the event loop, until the socket behind `res` is full. */
async function publishUntilBlocked(server: SseServer, res: ServerResponse): Promise<void> {
  for (let n = 0; n < 2000 && !res.socket?.writableNeedDrain; n += 1) {
    server.hub.publish('big', BIG);
    await nextTurn();
  }
  expect(res.socket?.writableNeedDrain).toBe(true);
}

describe('slow subscribers', () => {
  it('disconnects a client that stops reading, without buffering for it', async () => {
    const { server, url } = await startServer({ slowSubscriberTimeoutMs: 200, replayBuffer: 16 });
    const fast = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));

    const slowResponse = nextResponse(server);
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.write('GET /events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n');
    socket.once('data', () => socket.pause());
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', () => {});
    const res = await slowResponse;
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(2));

    let published = 0;
    let largestQueue = 0;
    while (server.stats().subscribers === 2 && published < 5000) {
      server.hub.publish('big', BIG);
      published += 1;
      largestQueue = Math.max(largestQueue, res.writableLength);
      await nextTurn();
    }
    expect(server.stats().subscribers).toBe(1);
    // Never more than the socket's high-water mark plus one event is queued in the process.
    expect(largestQueue).toBeLessThanOrEqual(res.writableHighWaterMark + BIG.length + 1024);

    // The one cut was the slow client: its socket closes, and the fast one still gets events.
    socket.resume();
    await closed;
    server.hub.publish('after', { still: 'here' });
    await fast.waitFor(() => fast.events.at(-1)?.type === 'after', 5000, 'the event after the cut');
    fast.close();
  });

  it('lets a briefly slow client catch up from the replay buffer with nothing lost', async () => {
    const { server, url } = await startServer({ slowSubscriberTimeoutMs: 5000 });
    const response = nextResponse(server);
    const client = await openEventStream(`${url}events`);
    const res = await response;
    client.response.pause();

    await publishUntilBlocked(server, res);
    for (let n = 0; n < 20; n += 1) server.hub.publish('big', BIG);
    const lastId = server.hub.lastId;

    client.response.resume();
    await client.waitForEvents(lastId, 5000);
    expect(ids(client.events)).toEqual(Array.from({ length: lastId }, (_, index) => index + 1));
    client.close();
  });

  it('tells a client that fell out of the replay buffer how many events it missed', async () => {
    const { server, url } = await startServer({ slowSubscriberTimeoutMs: 5000, replayBuffer: 8 });
    const response = nextResponse(server);
    const client = await openEventStream(`${url}events`);
    const res = await response;
    client.response.pause();

    await publishUntilBlocked(server, res);
    for (let n = 0; n < 30; n += 1) server.hub.publish('big', BIG);
    const lastId = server.hub.lastId;

    client.response.resume();
    await client.waitFor(() => client.lastEventId() === String(lastId), 5000, `event ${lastId}`);
    const resets = client.events.filter((event) => event.type === 'reset');
    expect(resets).toHaveLength(1);
    const { reason, missed } = JSON.parse(resets[0]?.data ?? '') as { reason: string; missed: number };
    expect(reason).toBe('expired');
    const delivered = client.events.filter((event) => event.type === 'big');
    expect(delivered.length + missed).toBe(lastId);
    expect(ids(delivered.slice(-8))).toEqual(Array.from({ length: 8 }, (_, index) => lastId - 7 + index));
    client.close();
  });
});

describe('limits', () => {
  it('refuses subscribers over maxSubscribers with 503', async () => {
    const { url } = await startServer({ maxSubscribers: 2 });
    const open = await Promise.all([openEventStream(`${url}events`), openEventStream(`${url}events`)]);
    const refused = await fetch(`${url}events`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('3');
    expect(await refused.json()).toMatchObject({ error: { code: 'too_many_streams' } });
    for (const client of open) client.close();
  });

  it('refuses chat streams over maxChatStreams with 503', async () => {
    const hanging: ChatModel = {
      async *stream(_messages, signal) {
        yield 'first ';
        await sleep(60_000, undefined, { signal });
      },
    };
    const { url } = await startServer({ maxChatStreams: 1, model: hanging });
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] });
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body };
    const abort = new AbortController();
    const first = await fetch(`${url}chat/stream`, { ...init, signal: abort.signal });
    expect(first.status).toBe(200);
    const second = await fetch(`${url}chat/stream`, init);
    expect(second.status).toBe(503);
    expect(await second.json()).toMatchObject({ error: { code: 'too_many_streams' } });
    abort.abort();
  });
});
