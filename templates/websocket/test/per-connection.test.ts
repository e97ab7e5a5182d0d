import type { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { connect, startServer } from './helpers.js';

// What the server keeps per idle connection is what `choose-protocol bench --memory` counts
// (issue 16: within 1.2x of a bare ws server). A listener closure made per connection, or one
// more event name on a socket, costs bytes on every connection; these checks keep them out.

/** The WebSocket ws attached to a server-side socket (ws keeps it under Symbol('websocket')). */
function webSocketOf(socket: Socket): WebSocket {
  const key = Object.getOwnPropertySymbols(socket).find((symbol) => symbol.description === 'websocket');
  if (key === undefined) throw new Error('ws keeps its WebSocket elsewhere now');
  return (socket as unknown as Record<symbol, WebSocket>)[key]!;
}

/** Each event's listeners on `one` are the very functions listening on `other`, in order. */
function expectSameListeners(one: NodeJS.EventEmitter, other: NodeJS.EventEmitter): void {
  expect([...one.eventNames()].sort()).toEqual([...other.eventNames()].sort());
  for (const event of one.eventNames()) {
    const theirs = other.listeners(event);
    expect(one.listeners(event)).toHaveLength(theirs.length);
    one.listeners(event).forEach((listener, i) => expect(listener).toBe(theirs[i]));
  }
}

describe('per-connection state', () => {
  it('listens on every connection with the same functions, and to three events only', async () => {
    const { server, wsUrl } = await startServer({ heartbeatMs: 60_000 });
    const sockets: Socket[] = [];
    server.httpServer.on('connection', (socket: Socket) => sockets.push(socket));
    const alice = await connect(`${wsUrl}?name=alice`);
    const bob = await connect(`${wsUrl}?name=bob`);
    await alice.join('lobby');
    await bob.join('lobby');
    await vi.waitFor(() => expect(server.chat.stats().clients).toBe(2));
    expect(sockets).toHaveLength(2);
    const [a, b] = sockets.map(webSocketOf) as [WebSocket, WebSocket];

    // 'pong' is recorded without a listener (ChatSocket.emit): a fourth name doubles the table.
    expect(a.eventNames()).toEqual(['error', 'message', 'close']);
    expectSameListeners(a, b);
    expectSameListeners(sockets[0]!, sockets[1]!);
  });
});
