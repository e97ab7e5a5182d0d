import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
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
  /** How long stop() lets running calls finish before cutting connections. Default 3000 ms. */
  shutdownGraceMs?: number;
  /** Keepalive and connection-age settings; see channel-options.ts. */
  connection?: Partial<ConnectionOptions>;
  /** grpc-js server interceptors, run for every call (e.g. bearerTokenInterceptor from auth.ts). */
  interceptors?: grpc.ServerInterceptor[];
}

export interface StockServer {
  /** Binds and starts serving; resolves with the address clients should dial. */
  start(): Promise<{ address: string; port: number }>;
  /**
   * Graceful shutdown: health NOT_SERVING, open streams end with UNAVAILABLE, running calls
   * get `shutdownGraceMs` to finish, then the remaining connections are cut. Idempotent.
   */
  stop(): Promise<void>;
  /** The underlying grpc.Server, to add your own services before start(). */
  readonly grpcServer: grpc.Server;
  /** StockService itself (handlers, definition, limits). */
  readonly service: StockService;
  readonly health: Health;
  /** Counters: open streams, live timers, coalesced updates... */
  stats(): ServiceStats;
}

export const DEFAULT_PORT = 50051;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
export const DEFAULT_SHUTDOWN_GRACE_MS = 3_000;

/** Creates the server; nothing listens and no timer runs until start(). */
export function createServer(options: ServerOptions = {}): StockServer {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const graceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const connection = { ...DEFAULT_CONNECTION_OPTIONS, ...options.connection };

  const grpcServer = new grpc.Server({
    ...serverChannelOptions(connection, options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES),
    interceptors: options.interceptors ?? [],
  });
  const service = createStockService(options);
  addStockService(grpcServer, service);
  const health = createHealth([STOCK_SERVICE_NAME]);
  health.addToServer(grpcServer);
  // Reflection describes both services, so grpcurl/grpcui can call them without .proto files.
  new ReflectionService({ ...packageDefinition, ...healthPackageDefinition }).addToServer(grpcServer);

  let stopping: Promise<void> | undefined;

  return {
    grpcServer,
    service,
    health,
    stats: () => service.stats(),

    async start() {
      const bound = await new Promise<number>((resolve, reject) => {
        grpcServer.bindAsync(joinHostPort(host, port), serverCredentials(options.tls), (error, boundPort) =>
          error ? reject(error) : resolve(boundPort),
        );
      });
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
    service.close();
    health.endWatches();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        grpcServer.forceShutdown();
        resolve();
      }, graceMs);
      grpcServer.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}
