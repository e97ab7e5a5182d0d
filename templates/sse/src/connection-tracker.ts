import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from './address-key.js';

export interface ConnectionLimits {
  /** Open connections at most. */
  maxConnections: number;
  /** Open connections from one remote address (an IPv6 client: its /64) at most. */
  maxConnectionsPerIp: number;
}

/**
 * Knows every socket of a server and how many responses each has in flight, so that shutdown
 * can close the quiet ones at once. Node's closeIdleConnections() misses sockets that never
 * sent a request (browsers and fetch open spare ones), which would hold stop() for the whole
 * grace period.
 *
 * It also caps connections, overall and per address (an IPv6 client counts as its /64, see
 * addressKey): without a cap, idle or slowloris connections are limited only by file
 * descriptors. A connection over a cap is closed as soon as it is accepted, before a byte is
 * read (as Node's own server.maxConnections does): it has sent nothing to answer yet, and
 * reading its request would already cost what the cap saves.
 */
export class ConnectionTracker {
  private readonly inFlight = new Map<Socket, number>();
  private readonly perAddress = new Map<string, number>();
  private draining = false;
  private refusedCount = 0;

  constructor(server: Server, limits: ConnectionLimits) {
    // The address read again at close is the one read at connect: Node keeps the peer name.
    // It must go through addressKey as at connect (the key, not the raw '::ffff:a.b.c.d' or
    // IPv6 address), or the share taken at connect is never given back.
    const forgetSocket = (socket: Socket): void => {
      this.inFlight.delete(socket);
      const address = addressKey(socket.remoteAddress);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left === 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
    };
    function onSocketClose(this: Socket): void {
      forgetSocket(this);
    }
    server.on('connection', (socket: Socket) => {
      const address = addressKey(socket.remoteAddress);
      const fromAddress = this.perAddress.get(address) ?? 0;
      if (this.inFlight.size >= limits.maxConnections || (limits.maxConnectionsPerIp > 0 && fromAddress >= limits.maxConnectionsPerIp)) {
        this.refusedCount += 1;
        socket.destroy();
        return;
      }
      this.perAddress.set(address, fromAddress + 1);
      this.inFlight.set(socket, 0);
      // One listener for every socket, on() not once() ('close' comes once): no closure and no
      // once() wrapper per connection (issue 16, memory per idle connection).
      socket.on('close', onSocketClose);
    });
    const responseDone = (socket: Socket): void => {
      if (!this.inFlight.has(socket)) return; // the socket closed first and is forgotten
      const left = (this.inFlight.get(socket) ?? 1) - 1;
      this.inFlight.set(socket, left);
      if (this.draining && left === 0) socket.destroy();
    };
    // One listener for every response, not a closure per request: an idle event stream is a
    // response that stays open, and --memory counts what each keeps (issue 16). The request
    // keeps its socket (res.socket is let go when the response is detached).
    function onResponseClose(this: ServerResponse): void {
      responseDone(this.req.socket);
    }
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const { socket } = req;
      this.inFlight.set(socket, (this.inFlight.get(socket) ?? 0) + 1);
      res.on('close', onResponseClose);
    });
  }

  /** Open connections now. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Connections closed on arrival for going over a cap, since the start. */
  get refused(): number {
    return this.refusedCount;
  }

  /** Closes idle sockets now, and every other one as soon as its last response is done. */
  drain(): void {
    this.draining = true;
    for (const [socket, count] of this.inFlight) {
      if (count === 0) socket.destroy();
    }
  }

  destroyAll(): void {
    for (const socket of this.inFlight.keys()) socket.destroy();
  }
}
