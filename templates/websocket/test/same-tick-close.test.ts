import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientFrame } from './raw-socket.js';
import { connect, startServer, type TestClient } from './helpers.js';

const TEXT = 0x1;

/** The client's TCP socket: corked around several sends, they leave in one write and the server reads them in one tick. */
function tcpOf(client: TestClient): Socket {
  return (client.ws as unknown as { _socket: Socket })._socket;
}

// ws closes a connection itself (a protocol error, or the peer's close frame) in the same tick
// in which it parsed the frames before: a broadcast those frames caused must be on the wire
// before ws's close frame, as it is when every frame is written at once. Otherwise the sender
// never gets its copy (its acknowledgement) of a message the rest of the room did get.
describe('a broadcast and a close in the same tick', () => {
  const cases: [string, (tcp: Socket, client: TestClient) => void, number][] = [
    ['a message over maxPayload (1009)', (tcp) => tcp.write(clientFrame(TEXT, Buffer.alloc(5_000, 0x61))), 1009],
    ['invalid UTF-8 in a text frame (1007)', (tcp) => tcp.write(clientFrame(TEXT, Buffer.from([0xc3, 0x28]))), 1007],
    ['a close frame from the client (1000)', (_tcp, client) => client.ws.close(1000), 1000],
  ];

  for (const [name, then, code] of cases) {
    it(`delivers the sender's own message before closing on ${name}`, async () => {
      const { wsUrl } = await startServer({ maxPayload: 4 * 1024, maxTextLength: 1_000 });
      const alice = await connect(`${wsUrl}?name=alice`);
      const bob = await connect(`${wsUrl}?name=bob`);
      await alice.join('lobby');
      await bob.join('lobby');

      const tcp = tcpOf(alice);
      tcp.cork();
      alice.send({ type: 'chat', room: 'lobby', text: 'last words', id: 'm1' });
      then(tcp, alice);
      tcp.uncork();

      expect(await bob.next()).toMatchObject({ type: 'chat', text: 'last words' });
      expect(await alice.next()).toMatchObject({ type: 'chat', text: 'last words', id: 'm1' });
      expect((await alice.closed).code).toBe(code);
    });
  }
});
