import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, createServer as createH2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSseParser, type SseEvent } from '../public/sse-parser.js';
import { createMemoryHub, type HubEvent } from '../src/event-hub.js';
import { createServer } from '../src/server.js';
import { joinEvents } from '../src/turn-fanout.js';
import { ids, openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const BIG = 'y'.repeat(70 * 1024);

describe('per-turn fan-out: what a turn publishes, every subscriber gets (review)', () => {
  it('delivers events published in the same turn as stop() before the streams end', async () => {
    const { server, url } = await startServer();
    const client = await openEventStream(`${url}events`);
    await client.waitFor(() => client.retries.length === 1, 3000, 'the opening');
    for (let n = 1; n <= 5; n++) server.publish('note', { n });
    const stopped = server.stop();
    expect(await client.finished).toBe('end');
    await stopped;
    expect(ids(client.events)).toEqual(range(1, 5));
  });

  it('delivers an event over 64 KiB between small ones of the same turn, whole and in order', async () => {
    const { server, url } = await startServer();
    const client = await openEventStream(`${url}events`);
    await client.waitFor(() => client.retries.length === 1, 3000, 'the opening');
    server.publish('note', { n: 1 });
    server.publish('big', BIG);
    server.publish('note', { n: 3 });
    await client.waitForEvents(3);
    expect(ids(client.events)).toEqual([1, 2, 3]);
    expect(JSON.parse(client.events[1]!.data)).toBe(BIG);
    client.close();
  });

  it('resumes from every position of a run (before, first, middle, last) with nothing lost or repeated', async () => {
    const { server, url } = await startServer();
    for (let n = 1; n <= 3; n++) server.publish('note', { n });
    await new Promise((resolve) => setImmediate(resolve));
    const live = await openEventStream(`${url}events`, { 'Last-Event-ID': '3' });
    await live.waitFor(() => live.retries.length === 1, 3000, 'the opening');
    for (let n = 4; n <= 9; n++) server.publish('note', { n }); // one turn, one run 4..9
    await live.waitForEvents(6);
    const resumed = await Promise.all([2, 3, 4, 6, 8, 9].map((from) => openEventStream(`${url}events`, { 'Last-Event-ID': String(from) })));
    for (let n = 10; n <= 12; n++) server.publish('note', { n });
    for (const [index, from] of [2, 3, 4, 6, 8, 9].entries()) {
      const client = resumed[index]!;
      await client.waitForEvents(12 - from);
      expect(ids(client.events)).toEqual(range(from + 1, 12));
      client.close();
    }
    await live.waitForEvents(9);
    expect(ids(live.events)).toEqual(range(4, 12));
    live.close();
  });

  it('over HTTP/2: a turn larger than the replay buffer, and an event over 64 KiB, reach a reader whole', async () => {
    const sse = createServer({ feedIntervalMs: 0, keepAliveMs: 0, hub: createMemoryHub({ replayBuffer: 4, firstId: 1 }), maxPublishBatch: 4, maxCoalesceKeys: 4, onError: () => {} });
    sse.open();
    const h2 = createH2Server();
    h2.on('request', (req, res) => {
      if (!sse.handleRequest(req as unknown as IncomingMessage, res as unknown as ServerResponse)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    const session = connect(`http://127.0.0.1:${(h2.address() as AddressInfo).port}`);
    session.on('error', () => {});
    onTestFinished(async () => {
      session.destroy();
      await sse.close();
      await new Promise((resolve) => h2.close(resolve));
    });
    const events: SseEvent[] = [];
    let retries = 0;
    const parser = createSseParser({ onEvent: (event) => events.push(event), onComment: () => {}, onRetry: () => (retries += 1) });
    const stream = session.request({ ':path': '/events' });
    stream.on('error', () => {});
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => parser.push(chunk));
    const until = async (check: () => boolean): Promise<void> => {
      for (let i = 0; i < 600 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await until(() => retries === 1);
    server1(sse);
    await until(() => events.length >= 7);
    expect(events.some((event) => event.type === 'reset')).toBe(false);
    expect(ids(events)).toEqual(range(1, 7));
    expect(JSON.parse(events[3]!.data)).toBe(BIG);
  });
});

function server1(sse: { publish(event: string, data: unknown): unknown }): void {
  for (let n = 1; n <= 3; n++) sse.publish('note', { n });
  sse.publish('big', BIG);
  for (let n = 5; n <= 7; n++) sse.publish('note', { n });
}

describe('joinEvents', () => {
  const event = (id: number, size = 10): HubEvent => ({ id, event: 'note', data: null, frame: Buffer.alloc(size, 0x61) });
  it('cuts a run where ids do not follow one another, and at 64 KiB', () => {
    const runs = joinEvents([event(5), event(7), event(8), event(9, 64 * 1024), event(10)]);
    expect(runs.map((run) => [run.firstId, run.lastId, run.bytes.length])).toEqual([
      [5, 5, 10],
      [7, 8, 20],
      [9, 9, 64 * 1024],
      [10, 10, 10],
    ]);
  });
});
