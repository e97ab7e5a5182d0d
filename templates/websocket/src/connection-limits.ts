import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from './address-key.js';

export interface ConnectionLimits {
  /** Open TCP connections at most (HTTP and WebSocket alike). */
  maxConnections: number;
  /** Open TCP connections from one remote address (an IPv6 client: its /64) at most; 0: no cap. */
  maxConnectionsPerIp: number;
}

export interface ConnectionCounts {
  /** Open connections now. */
  open: number;
  /** Connections closed on arrival for going over a cap, since the start. */
  refused: number;
}

export interface Connections {
  /** The live counts. */
  counts(): ConnectionCounts;
  /**
   * Destroys the open connections that have not sent a request (nor an upgrade) yet.
   * server.closeIdleConnections() skips them, and browsers open such spare sockets ahead of
   * need: one of them would hold a graceful stop for its whole grace period.
   */
  destroyUnused(): void;
}

/**
 * Caps connections overall and per address (an IPv6 client counts as its /64, see addressKey).
 * Without a cap, idle and slowloris connections are
 * limited only by file descriptors, and maxClients counts only finished WebSocket handshakes.
 * A connection over a cap is closed as soon as it is accepted, before a byte is read, as Node's
 * own server.maxConnections does: it has asked nothing yet, and reading it would cost what the
 * cap saves. Also keeps the connections that have not sent a request yet, for destroyUnused.
 */
export function limitConnections(server: Server, limits: ConnectionLimits): Connections {
  const perAddress = new Map<string, number>();
  const unused = new Set<Socket>();
  const capPerAddress = limits.maxConnectionsPerIp > 0;
  let open = 0;
  let refused = 0;

  // One 'close' listener function for every socket (`this` is the socket), doing both jobs:
  // no closure per connection, and one listener rather than two beside Node's own, which
  // made the socket's listener list grow an array with spare room that outlived the upgrade
  // (--memory counts each connection's bytes, issue 16). The address is read again rather
  // than kept: Node keeps a socket's peer address once read (on arrival, below), after the close too.
  function onClose(this: Socket): void {
    open -= 1;
    unused.delete(this);
    if (!capPerAddress) return;
    const address = addressKey(this.remoteAddress);
    const left = (perAddress.get(address) ?? 1) - 1;
    if (left === 0) perAddress.delete(address);
    else perAddress.set(address, left);
  }

  server.on('connection', (socket: Socket) => {
    // Without a per-address cap the address is not read at all: reading it makes Node keep it
    // (an object and a string) on the socket for the connection's life.
    const address = capPerAddress ? addressKey(socket.remoteAddress) : '';
    const fromAddress = capPerAddress ? (perAddress.get(address) ?? 0) : 0;
    if (open >= limits.maxConnections || (capPerAddress && fromAddress >= limits.maxConnectionsPerIp)) {
      refused += 1;
      socket.destroy();
      return;
    }
    open += 1;
    if (capPerAddress) perAddress.set(address, fromAddress + 1);
    unused.add(socket);
    // on(), not once(): 'close' comes once, and once() allocates a wrapper per connection.
    socket.on('close', onClose);
  });
  const markUsed = (req: IncomingMessage): void => void unused.delete(req.socket);
  server.on('request', markUsed);
  server.on('upgrade', markUsed);

  return {
    counts: () => ({ open, refused }),
    destroyUnused() {
      for (const socket of unused) socket.destroy();
    },
  };
}
