import { setMaxListeners } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Code, ConnectError, createContextValues } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { addressKey } from '../address-key.js';
import type { PriceSource } from '../price-source.js';
import { DEFAULT_HOST } from '../server.js';
import { DEFAULT_SERVICE_LIMITS } from '../service/stock-service.js';
import { createTicker } from '../ticker.js';
import type { TlsOptions } from '../tls.js';
import { bearerTokenInterceptor } from './auth.js';
import { DEFAULT_WEB_PORT } from './config.js';
import { handleCors } from './cors.js';
import { failPendingWriteOnClose } from './fail-write-on-close.js';
import { DEFAULT_HTTP_LIMITS, type GatewayHttpLimits } from './http-limits.js';
import { serveStatic, STATIC_DIRS } from './static-files.js';
import { clientAddressKey, stockRoutes, type GatewayLimits, type GatewayStats } from './stock-routes.js';
import { isGrpcWebText, refuseGrpcWebText } from './web-text.js';

export interface GatewayOptions {
  /** The gRPC server's price source (`server.service.prices`), so both serve one market. */
  prices: PriceSource;
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Origins allowed to call the RPCs cross-origin. The gateway's own page needs none. */
  allowedOrigins?: readonly string[];
  limits?: Partial<GatewayLimits>;
  /** Serve HTTPS with these (the same files as the gRPC port; `clientCa` asks for client certificates). */
  tls?: TlsOptions;
  /** Require `Authorization: Bearer <token>` on every RPC, checked by this (the gRPC port's AUTH_TOKEN check). */
  isValidToken?: (token: string) => boolean;
  http?: Partial<GatewayHttpLimits>;
  /** How long stop() answers /healthz with 503 while still serving, before it ends streams. Default 0. */
  drainDelayMs?: number;
  /** Time open requests get on stop() before their connections are closed. Default 1000 ms. */
  shutdownGraceMs?: number;
  /** Where the page's files are. Default public/ then dist/public/. */
  staticDirs?: readonly string[];
}

export interface Gateway {
  start(): Promise<{ url: string; port: number }>;
  /** /healthz 503 for the drain delay, then ends open streams with UNAVAILABLE, stops accepting, closes connections after the grace. */
  stop(): Promise<void>;
  /** The request handler (CORS, Connect/gRPC-Web RPCs, /healthz, static files) for a host node:http server. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  stats(): GatewayStats;
}

/**
 * The browser gateway: Connect and gRPC-Web (not native gRPC, which has its own server)
 * for GetPrice and StreamPrices, plus the page in public/. No side effects until start().
 */
export function createGateway(options: GatewayOptions): Gateway {
  const host = options.host ?? DEFAULT_HOST;
  const allowedOrigins = options.allowedOrigins ?? [];
  const staticDirs = options.staticDirs ?? STATIC_DIRS;
  const limits: GatewayLimits = { ...DEFAULT_SERVICE_LIMITS, ...options.limits };
  const httpLimits: GatewayHttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.http };
  const shutdown = new AbortController();
  // connect-node adds one 'abort' listener per open call and removes it when the call ends; more
  // than 10 open calls is normal here, not the "possible memory leak" Node would warn of.
  setMaxListeners(0, shutdown.signal);
  let draining = false;
  const stats: GatewayStats = { activePriceStreams: 0, priceStreamsRefused: 0, activeTimers: 0 };
  const ticker = createTicker(limits.priceIntervalMs);

  const rpc = connectNodeAdapter({
    routes: stockRoutes({ prices: options.prices, limits, stats, ticker }),
    interceptors: options.isValidToken ? [bearerTokenInterceptor(options.isValidToken)] : [],
    grpc: false,
    grpcWeb: true,
    connect: true,
    shutdownSignal: shutdown.signal,
    // Who is calling, for the per-client share of the price streams.
    contextValues: (req) => createContextValues().set(clientAddressKey, addressKey(req.socket.remoteAddress)),
    readMaxBytes: 64 * 1024,
    // Only ever called from `handler` below, which takes node:http requests.
    fallback: (req, res) => {
      void fallback(req as IncomingMessage, res as unknown as ServerResponse);
    },
  });

  async function fallback(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(draining ? 503 : 200, { 'Content-Type': 'text/plain' });
      res.end(draining ? 'shutting down\n' : 'ok\n');
      return;
    }
    if (await serveStatic(staticDirs, req, res)) return;
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    if (handleCors(allowedOrigins, req, res)) return;
    if (req.method === 'POST' && isGrpcWebText(req)) {
      refuseGrpcWebText(res);
      return;
    }
    rpc(req, res);
    // After rpc(): connect-node's own 'close' listener aborts the call's signal first.
    failPendingWriteOnClose(res);
  };

  let server: Server | undefined;
  let stopping: Promise<void> | undefined;

  return {
    handler,
    stats: () => ({ ...stats, activeTimers: ticker.timers() }),

    async start() {
      const tls = options.tls;
      // Node checks headersTimeout and requestTimeout only this often (30 s by default).
      const timing = { connectionsCheckingInterval: Math.min(1_000, httpLimits.headersTimeoutMs) };
      const http: Server = tls
        ? createHttpsServer(
            {
              ...timing,
              cert: tls.cert,
              key: tls.key,
              ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
            },
            handler,
          )
        : createHttpServer(timing, handler);
      http.keepAliveTimeout = httpLimits.keepAliveTimeoutMs;
      http.headersTimeout = httpLimits.headersTimeoutMs;
      http.requestTimeout = httpLimits.requestTimeoutMs;
      http.maxConnections = httpLimits.maxConnections;
      // Socket inactivity while a request runs (keep-alive idle has its own timeout above):
      // Node destroys the socket, which aborts the call and frees its stream slot.
      http.timeout = Math.max(httpLimits.stallTimeoutMs, 2 * limits.priceIntervalMs);
      server = http;
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(options.port ?? DEFAULT_WEB_PORT, host, () => {
          http.off('error', reject);
          resolve();
        });
      });
      const { port } = http.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      return { url: `${tls ? 'https' : 'http'}://${shown}:${port}`, port };
    },

    stop() {
      stopping ??= (async () => {
        draining = true;
        // Still serving: the load balancer needs this long to see the 503 and stop sending here.
        const drainMs = options.drainDelayMs ?? 0;
        if (drainMs > 0 && server) await new Promise((resolve) => setTimeout(resolve, drainMs));
        shutdown.abort(new ConnectError('server is shutting down', Code.Unavailable));
        const http = server;
        if (!http) return;
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => http.closeAllConnections(), options.shutdownGraceMs ?? 1_000);
          http.close(() => {
            clearTimeout(force);
            resolve();
          });
          http.closeIdleConnections();
        });
      })();
      return stopping;
    },
  };
}
