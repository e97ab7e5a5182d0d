import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connect, startServer, type TestClient } from './helpers.js';

function tcpOf(client: TestClient): Socket {
  return (client.ws as unknown as { _socket: Socket })._socket;
}

// A client may half-close its TCP connection (FIN, no close frame) right after its last
// message, e.g. a CLI piping stdin that hits EOF: it can still read. ws then marks the
// connection CLOSING (socketOnEnd) without calling close(), so the chat's flush-on-close never
// runs. A broadcast accepted before the FIN but held for the write window must still reach it.
describe('a half-close while a broadcast waits for its write window', () => {
  it("delivers the sender's own message that came before its FIN", async () => {
    // A long window so the second message is surely held, however loaded the machine.
    const { wsUrl } = await startServer({ writeBatchMs: 1_000, writeBatchAbove: 0 });
    const alice = await connect(`${wsUrl}?name=alice`);
    const bob = await connect(`${wsUrl}?name=bob`);
    await alice.join('lobby');
    await bob.join('lobby');

    // The first message goes out at once (quiet server) and opens a window.
    alice.send({ type: 'chat', room: 'lobby', text: 'first', id: 'm1' });
    expect(await alice.next()).toMatchObject({ type: 'chat', id: 'm1' });
    expect(await bob.next()).toMatchObject({ type: 'chat', id: 'm1' });

    const tcp = tcpOf(alice);
    tcp.cork();
    alice.send({ type: 'chat', room: 'lobby', text: 'last words', id: 'm2' });
    tcp.end();
    tcp.uncork();

    expect(await bob.next(3_000)).toMatchObject({ type: 'chat', text: 'last words' });
    expect(await alice.next(3_000)).toMatchObject({ type: 'chat', text: 'last words', id: 'm2' });
  });
});
