import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { AddressCounts } from './address-counts.js';
import { addressKey } from './address-key.js';

export interface ConnectionLimits {
  /** Open TCP connections at most, whatever they carry. */
  maxConnections: number;
  /** Open TCP connections from one address (an IPv6 client: its /64, see addressKey) at most. 0: off. */
  maxConnectionsPerIp: number;
}

export interface ConnectionCounts {
  /** Open connections now. */
  open: number;
  /** Connections closed on arrival for going over a cap, since the start. */
  refused: number;
}

/** How long close() waits for destroyed sockets to report 'close'. */
const DESTROYED_CLOSE_MS = 1_000;

/** The TCP listener in front of grpc-js: it counts connections and hands on the ones within the caps. */
export interface ConnectionListener {
  /** Listens on host:port; resolves with the bound port. */
  listen(host: string, port: number): Promise<number>;
  counts(): ConnectionCounts;
  /** Stops accepting. Connections already handed on stay open. */
  stopAccepting(): void;
  /**
   * Resolves true once every connection has closed by itself, or false when `timeoutMs` passed
   * with some still open. A connection closes once grpc-js has ended its session and the
   * client has closed its side, so none is cut while a frame of it is still on its way.
   */
  drained(timeoutMs: number): Promise<boolean>;
  /** Stops accepting, destroys the connections still open and resolves once every one and the listener are closed. */
  close(): Promise<void>;
}

/**
 * grpc-js's Server has no connection cap (no channel option, and the net.Server it listens with
 * is private), so without one idle and slowloris connections are limited only by file
 * descriptors. This listener owns the socket instead and hands each connection within the caps
 * to grpc-js through its public `createConnectionInjector()`, which serves it exactly as a
 * bound port's would (keepalive, idle and age limits, TLS, getPeer). A connection over a cap is
 * closed as soon as it is accepted, before a byte is read, as Node's own server.maxConnections
 * does: it has asked nothing yet, and reading it would cost what the cap saves. A gRPC client
 * sees UNAVAILABLE and retries with its backoff.
 */
export function createConnectionListener(limits: ConnectionLimits, accept: (socket: Socket) => void): ConnectionListener {
  const perAddress = new AddressCounts();
  const sockets = new Set<Socket>();
  const onEmpty = new Set<() => void>();
  let refused = 0;
  let server: Server | undefined;
  let closed: Promise<void> = Promise.resolve();

  const onConnection = (socket: Socket): void => {
    const address = addressKey(socket.remoteAddress);
    const fromAddress = perAddress.of(address);
    if (sockets.size >= limits.maxConnections || (limits.maxConnectionsPerIp > 0 && fromAddress >= limits.maxConnectionsPerIp)) {
      refused += 1;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    perAddress.add(address);
    // on(), not once(): 'close' comes once, and once() allocates a wrapper per connection.
    socket.on('close', () => {
      sockets.delete(socket);
      perAddress.remove(address);
      if (sockets.size === 0) for (const wake of [...onEmpty]) wake();
    });
    accept(socket);
  };

  const drained = (timeoutMs: number): Promise<boolean> => {
    if (sockets.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (empty: boolean): void => {
        clearTimeout(timer);
        onEmpty.delete(wake);
        resolve(empty);
      };
      const wake = (): void => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      onEmpty.add(wake);
    });
  };

  return {
    listen(host, port) {
      const listening = createNetServer(onConnection);
      server = listening;
      // Node emits 'close' once the listener is closed and its last connection is gone.
      closed = new Promise((resolve) => listening.once('close', () => resolve()));
      return new Promise((resolve, reject) => {
        listening.once('error', (error) => {
          closed = Promise.resolve();
          reject(error);
        });
        listening.listen(port, host, () => {
          listening.removeAllListeners('error');
          const bound = listening.address();
          resolve(typeof bound === 'object' && bound !== null ? bound.port : port);
        });
      });
    },
    counts: () => ({ open: sockets.size, refused }),
    stopAccepting() {
      if (server?.listening) server.close();
    },
    drained,
    async close() {
      if (server?.listening) server.close();
      for (const socket of sockets) socket.destroy();
      // The listener's 'close' can come first: Node counts a connection gone when it is
      // destroyed, while the socket's own 'close' (which updates the counts here) waits for its
      // handle to close. Destroyed sockets close within a turn or two; the bound is a backstop.
      await Promise.all([closed, drained(DESTROYED_CLOSE_MS)]);
    },
  };
}
