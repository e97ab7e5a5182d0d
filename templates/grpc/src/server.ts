import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { createCallTracker } from './call-tracker.js';
import { createConnectionListener, type ConnectionCounts } from './connection-limits.js';
import { DEFAULT_CONNECTION_OPTIONS, serverChannelOptions, type ConnectionOptions } from './channel-options.js';
import { createHealth, healthPackageDefinition, type Health } from './health.js';
import { packageDefinition, STOCK_SERVICE_NAME } from './proto.js';
import {
  addStockService,
  createStockService,
  type ServiceStats,
  type StockService,
  type StockServiceOptions,
} from './service/stock-service.js';
import { serverCredentials, type TlsOptions } from './tls.js';

export interface ServerOptions extends StockServiceOptions {
  /** Interface to listen on. Default 127.0.0.1; use 0.0.0.0 (or ::) in a container. */
  host?: string;
  /** TCP port; 0 picks a free one (tests). Default 50051. */
  port?: number;
  /** Serve TLS (and mTLS with `clientCa`) instead of plaintext HTTP/2. */
  tls?: TlsOptions;
  /** Largest message the server accepts. Default 64 KiB. */
  maxMessageBytes?: number;
  /**
   * How long stop() keeps serving with health NOT_SERVING before it ends streams and closes, so
   * load balancers that poll health stop sending new calls first. Default 0.
   */
  drainDelayMs?: number;
  /**
   * How long stop() then lets running calls finish before ending them with UNAVAILABLE and
   * cutting connections. Default 3000 ms.
   */
  shutdownGraceMs?: number;
  /**
   * How long a call may take to send its request: a unary or server-streaming call its whole
   * request, an upload each next message. Past it the call ends with DEADLINE_EXCEEDED. Chats
   * (bidirectional) are not timed. 0: off. Default 20000 ms. See call-tracker.ts.
   */
  requestIdleMs?: number;
  /**
   * Calls open at once from one client address (an IPv4 address or an IPv6 /64), of every
   * method; one over it ends with RESOURCE_EXHAUSTED before any handler runs. Behind a proxy
   * every client has the proxy's address: raise it, or 0 (off). Default 1000.
   */
  maxCallsPerIp?: number;
  /** Keepalive and connection-age settings; see channel-options.ts. */
  connection?: Partial<ConnectionOptions>;
  /**
   * Health Watch streams open at once over all clients; more get RESOURCE_EXHAUSTED. The health
   * service needs no token, so this bounds what an anonymous client can hold. Check is never
   * limited. Default 1000.
   */
  maxHealthWatches?: number;
  /**
   * Open TCP connections at most; one over it is closed on arrival, before a byte is read (the
   * client sees UNAVAILABLE and retries). grpc-js has no such cap of its own. Default 12000.
   */
  maxConnections?: number;
  /**
   * Open TCP connections from one address (an IPv6 client: its /64) at most; 0: off. A gRPC
   * client multiplexes its calls over one connection per channel, so a few are normal. Behind
   * a proxy every client has the proxy's address: set it to maxConnections or 0. Default 1000.
   */
  maxConnectionsPerIp?: number;
  /** grpc-js server interceptors, run for every call (e.g. bearerTokenInterceptor from auth.ts). */
  interceptors?: grpc.ServerInterceptor[];
}

export interface StockServer {
  /** Binds and starts serving; resolves with the address clients should dial. */
  start(): Promise<{ address: string; port: number }>;
  /**
   * Graceful shutdown: health NOT_SERVING while still serving for `drainDelayMs`; then open
   * streams end with UNAVAILABLE, running calls get `shutdownGraceMs` to finish, the ones left
   * end with UNAVAILABLE too, and the connections close. Idempotent.
   */
  stop(): Promise<void>;
  /** The underlying grpc.Server, to add your own services before start(). */
  readonly grpcServer: grpc.Server;
  /** StockService itself (handlers, definition, limits). */
  readonly service: StockService;
  readonly health: Health;
  /** Counters: open streams, live timers, coalesced updates, calls running... */
  stats(): ServerStats;
}

export interface ServerStats extends ServiceStats {
  /** Calls of any service running now (health watches and reflection included). */
  activeCalls: number;
  /** TCP connections open now, and refused on arrival over a cap since the start. */
  connections: ConnectionCounts;
}

export const DEFAULT_PORT = 50051;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
export const DEFAULT_SHUTDOWN_GRACE_MS = 3_000;
export const DEFAULT_DRAIN_DELAY_MS = 0;
export const DEFAULT_MAX_CONNECTIONS = 12_000;
export const DEFAULT_MAX_CONNECTIONS_PER_IP = 1_000;
/** Calls open at once from one client address (see ServerOptions.maxCallsPerIp). */
export const DEFAULT_MAX_CALLS_PER_IP = 1_000;
/** A call's request must arrive within this (see ServerOptions.requestIdleMs). */
export const DEFAULT_REQUEST_IDLE_MS = 20_000;
/** At the end of the grace, how long calls get to take their UNAVAILABLE before connections are cut. */
const STATUS_FLUSH_MS = 250;

/** Creates the server; nothing listens and no timer runs until start(). */
export function createServer(options: ServerOptions = {}): StockServer {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const graceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const connection = { ...DEFAULT_CONNECTION_OPTIONS, ...options.connection };

  const drainMs = options.drainDelayMs ?? DEFAULT_DRAIN_DELAY_MS;
  // First in the chain: it must see grpc-js's base call (see call-tracker.ts).
  // The chat is not timed: a participant may listen without sending.
  const calls = createCallTracker({
    requestIdleMs: options.requestIdleMs ?? DEFAULT_REQUEST_IDLE_MS,
    untimed: new Set(['/stock.v1.StockService/TradeChat']),
    maxCallsPerIp: options.maxCallsPerIp ?? DEFAULT_MAX_CALLS_PER_IP,
  });

  const grpcServer = new grpc.Server({
    ...serverChannelOptions(connection, options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES),
    interceptors: [calls.interceptor, ...(options.interceptors ?? [])],
  });
  const service = createStockService({ ...options, resetCall: (metadata, code) => calls.reset(metadata, code) });
  addStockService(grpcServer, service);
  const health = createHealth([STOCK_SERVICE_NAME], options.maxHealthWatches);
  health.addToServer(grpcServer);
  // Reflection describes both services, so grpcurl/grpcui can call them without .proto files.
  new ReflectionService({ ...packageDefinition, ...healthPackageDefinition }).addToServer(grpcServer);

  // The server listens through this listener, which caps connections, not through bindAsync.
  // The injector is made in start(): it loads the TLS key, and a bad one is start()'s error.
  let injector: grpc.ConnectionInjector | undefined;
  const listener = createConnectionListener(
    {
      maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      maxConnectionsPerIp: options.maxConnectionsPerIp ?? DEFAULT_MAX_CONNECTIONS_PER_IP,
    },
    (socket) => (injector === undefined ? socket.destroy() : injector.injectConnection(socket)),
  );

  let stopping: Promise<void> | undefined;

  return {
    grpcServer,
    service,
    health,
    stats: () => ({ ...service.stats(), activeCalls: calls.size(), connections: listener.counts() }),

    async start() {
      injector ??= grpcServer.createConnectionInjector(serverCredentials(options.tls));
      const bound = await listener.listen(host, port);
      health.setServing(true);
      return { address: joinHostPort(host, bound), port: bound };
    },

    stop() {
      stopping ??= shutdown();
      return stopping;
    },
  };

  async function shutdown(): Promise<void> {
    health.setServing(false);
    // Still serving: a load balancer polling health needs this long to stop sending calls here.
    if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
    service.close();
    health.endWatches();
    listener.stopAccepting();
    // GOAWAY on every connection; each closes once its last call has ended.
    grpcServer.tryShutdown(() => undefined);
    // The connections closing, not tryShutdown's callback, says the calls are over. Since
    // Node 24, Http2Server#close() itself close()s every session (nodejs/node#57586), so when
    // tryShutdown then asks each session to close, grpc-js finds it already marked closed and
    // counts it done at once (closeSession: `if (session.closed) queueMicrotask(callback)`).
    // Its callback then waits only for its http2 servers to emit 'close': after their last
    // connection for a port bound with bindAsync, but at once for the injector's server, which
    // never listened and counts no connections. Trusting it, stop() cut running calls at the
    // start of the grace: clients saw "Connection dropped", not a status. Node 20 is not
    // affected (its Http2Server#close() leaves sessions alone).
    if (!(await listener.drained(graceMs))) {
      // forceShutdown() alone resets the streams, which grpc-js clients report as CANCELLED
      // and never retry: give every call left a status it retries first.
      await calls.endAll(grpc.status.UNAVAILABLE, 'server is shutting down', STATUS_FLUSH_MS);
      grpcServer.forceShutdown();
      // Each session now sends its last frames and ends its socket; the client closes its side.
      await listener.drained(STATUS_FLUSH_MS);
    }
    // What is left never became a session (a TLS handshake that never finished), or its client
    // never closed its side.
    await listener.close();
  }
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}
