import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Knows every socket of a server and how many responses each has in flight, so that shutdown
 * can close the quiet ones at once. Node's closeIdleConnections() misses sockets that never
 * sent a request (browsers and fetch open spare ones), which would hold stop() for the whole
 * grace period.
 */
export class ConnectionTracker {
  private readonly inFlight = new Map<Socket, number>();
  private draining = false;

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.inFlight.set(socket, 0);
      socket.once('close', () => this.inFlight.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const { socket } = req;
      this.inFlight.set(socket, (this.inFlight.get(socket) ?? 0) + 1);
      res.once('close', () => {
        const left = (this.inFlight.get(socket) ?? 1) - 1;
        this.inFlight.set(socket, left);
        if (this.draining && left === 0) socket.destroy();
      });
    });
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
