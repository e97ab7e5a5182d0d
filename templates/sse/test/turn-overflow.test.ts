import { describe, expect, it } from 'vitest';
import { ids, openEventStream } from './helpers/event-stream-client.js';
import { openRawSocket } from './helpers/raw-socket.js';
import { startServer } from './helpers/servers.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * A subscriber that keeps up must not be pushed into a reset by a turn that publishes a little
 * more than the replay buffer holds: its writes fit in its socket, so every event reaches it.
 * (Review of the per-turn fan-out: deferring every write to the end of the turn left the
 * turn's first events in the hub alone, where the turn's later publishes evicted them.)
 */
describe('a turn that publishes more than the replay buffer holds', () => {
  it('reaches an up-to-date subscriber whole (server.publish in one turn)', async () => {
    const { server, url } = await startServer({ replayBuffer: 10, maxPublishBatch: 10, maxCoalesceKeys: 10 });
    const client = await openEventStream(`${url}events`);
    await client.waitFor(() => client.retries.length === 1, 3000, 'the opening');
    for (let n = 1; n <= 15; n++) server.publish('note', { n });
    await client.waitForEvents(15);
    expect(client.events.some((event) => event.type === 'reset')).toBe(false);
    expect(ids(client.events)).toEqual(range(1, 15));
    client.close();
  });

  it('reaches an up-to-date subscriber whole (pipelined batch POSTs read in one turn)', async () => {
    const { url } = await startServer({ replayBuffer: 12, maxPublishBatch: 6, maxCoalesceKeys: 12, publishToken: 'review-token' });
    const client = await openEventStream(`${url}events`);
    await client.waitFor(() => client.retries.length === 1, 3000, 'the opening');
    const publisher = await openRawSocket(url);
    let requests = '';
    for (let batch = 0; batch < 3; batch++) {
      const body = JSON.stringify({ events: range(1, 6).map((n) => ({ event: 'note', data: { batch, n } })) });
      requests += `POST /publish HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nAuthorization: Bearer review-token\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    }
    publisher.write(requests);
    await client.waitForEvents(18);
    expect(client.events.some((event) => event.type === 'reset')).toBe(false);
    expect(ids(client.events)).toEqual(range(1, 18));
    publisher.socket.destroy();
    client.close();
  });

  it('far past the replay buffer in one turn (delivered mid-turn at each eviction): in order, and any loss is a reset that counts it', async () => {
    const { server, url } = await startServer({ replayBuffer: 10, maxPublishBatch: 10, maxCoalesceKeys: 10 });
    const client = await openEventStream(`${url}events`);
    await client.waitFor(() => client.retries.length === 1, 3000, 'the opening');
    const total = 1500; // 150 times the replay buffer, in one turn
    for (let n = 1; n <= total; n++) server.publish('note', { n });
    await client.waitFor(() => client.lastEventId() === String(total), 5000, 'the last event');
    let cursor = 0;
    for (const event of client.events) {
      if (event.type === 'reset') {
        const reset = JSON.parse(event.data) as { missed: number; lastEventId: string };
        expect(Number(reset.lastEventId)).toBe(cursor);
        cursor += reset.missed;
        expect(Number(event.lastEventId)).toBe(cursor);
        continue;
      }
      expect(Number(event.lastEventId)).toBe(cursor + 1);
      cursor += 1;
    }
    expect(cursor).toBe(total);
    client.close();
  });
});
