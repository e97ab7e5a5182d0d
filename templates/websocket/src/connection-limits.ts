import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from './address-key.js';

export interface ConnectionLimits {
  /** Open TCP connections at most (HTTP and WebSocket alike). */
  maxConnections: number;
  /** Open TCP connections from one remote address (an IPv6 client: its /64) at most. */
  maxConnectionsPerIp: number;
}

export interface ConnectionCounts {
  /** Open connections now. */
  open: number;
  /** Connections closed on arrival for going over a cap, since the start. */
  refused: number;
}

/**
 * Caps connections overall and per address (an IPv6 client counts as its /64, see addressKey).
 * Without a cap, idle and slowloris connections are
 * limited only by file descriptors, and maxClients counts only finished WebSocket handshakes.
 * A connection over a cap is closed as soon as it is accepted, before a byte is read, as Node's
 * own server.maxConnections does: it has asked nothing yet, and reading it would cost what the
 * cap saves. Returns the live counts.
 */
export function limitConnections(server: Server, limits: ConnectionLimits): () => ConnectionCounts {
  const perAddress = new Map<string, number>();
  let open = 0;
  let refused = 0;
  server.on('connection', (socket: Socket) => {
    const address = addressKey(socket.remoteAddress);
    const fromAddress = perAddress.get(address) ?? 0;
    if (open >= limits.maxConnections || (limits.maxConnectionsPerIp > 0 && fromAddress >= limits.maxConnectionsPerIp)) {
      refused += 1;
      socket.destroy();
      return;
    }
    open += 1;
    perAddress.set(address, fromAddress + 1);
    // on(), not once(): 'close' comes once, and once() allocates a wrapper per connection.
    socket.on('close', () => {
      open -= 1;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
  return () => ({ open, refused });
}
