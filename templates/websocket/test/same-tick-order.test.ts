import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../src/server.js';
import { connect, startServer, type TestClient } from './helpers.js';

function tcpOf(client: TestClient): Socket {
  return (client.ws as unknown as { _socket: Socket })._socket;
}

function label(m: ServerMessage): string {
  if (m.type === 'chat') return m.text;
  if (m.type === 'error') return m.code;
  return m.type;
}

// Frames that reach the server in one TCP write are handled in one tick: the broadcasts they
// cause are written at the end of that tick (broadcast.ts), the replies and errors at once.
// Every reply must still come out between the broadcasts it was sent between.
describe('replies and broadcasts caused in one tick', () => {
  it('keeps error frames between the echoes they came between', async () => {
    const { wsUrl } = await startServer({ maxTextLength: 100, messageRate: 1, messageBurst: 6 });
    const alice = await connect(`${wsUrl}?name=alice`);
    const bob = await connect(`${wsUrl}?name=bob`);
    await alice.join('lobby'); // takes one token: 5 left
    await bob.join('lobby');

    const tcp = tcpOf(alice);
    tcp.cork();
    alice.send({ type: 'chat', room: 'lobby', text: 'm1' });
    alice.send('{not json');
    alice.send({ type: 'chat', room: 'lobby', text: 'x'.repeat(101) });
    alice.send({ type: 'chat', room: 'elsewhere', text: 'm?' });
    alice.send({ type: 'chat', room: 'lobby', text: 'm2' });
    alice.send({ type: 'chat', room: 'lobby', text: 'over the rate' });
    tcp.uncork();

    const forAlice: string[] = [];
    for (let i = 0; i < 6; i += 1) forAlice.push(label(await alice.next()));
    expect(forAlice).toEqual(['m1', 'INVALID_JSON', 'INVALID_FIELD', 'NOT_IN_ROOM', 'm2', 'RATE_LIMITED']);
    expect([label(await bob.next()), label(await bob.next())]).toEqual(['m1', 'm2']);
  });

  it('delivers everything published before close() ahead of the 1001, in order', async () => {
    const { wsUrl, server } = await startServer();
    const alice = await connect(`${wsUrl}?name=alice`);
    await alice.join('lobby');
    const received: string[] = [];
    alice.ws.on('message', (data) => received.push((JSON.parse(data.toString()) as { text: string }).text));

    const count = 2_000;
    for (let i = 0; i < count; i += 1) server.chat.publish('lobby', `n${i}`);
    const stopped = server.stop();
    expect((await alice.closed).code).toBe(1001);
    await stopped;
    expect(received.length).toBe(count);
    expect(received.every((text, i) => text === `n${i}`)).toBe(true);
  });
});
