import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Code, ConnectError } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import type { PriceSource } from '../price-source.js';
import { DEFAULT_HOST } from '../server.js';
import { DEFAULT_SERVICE_LIMITS, type ServiceLimits } from '../service/stock-service.js';
import { DEFAULT_WEB_PORT } from './config.js';
import { handleCors } from './cors.js';
import { serveStatic, STATIC_DIRS } from './static-files.js';
import { stockRoutes, type GatewayStats } from './stock-routes.js';

export interface GatewayOptions {
  /** The gRPC server's price source (`server.service.prices`), so both serve one market. */
  prices: PriceSource;
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Origins allowed to call the RPCs cross-origin. The gateway's own page needs none. */
  allowedOrigins?: readonly string[];
  limits?: Partial<Pick<ServiceLimits, 'priceIntervalMs' | 'maxSymbols' | 'getPriceDelayMs'>>;
  /** Time open requests get on stop() before their connections are closed. Default 1000 ms. */
  shutdownGraceMs?: number;
  /** Where the page's files are. Default public/ then dist/public/. */
  staticDirs?: readonly string[];
}

export interface Gateway {
  start(): Promise<{ url: string; port: number }>;
  /** Ends open streams with UNAVAILABLE, stops accepting, closes connections after the grace. */
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
  const shutdown = new AbortController();
  const stats: GatewayStats = { activePriceStreams: 0 };

  const rpc = connectNodeAdapter({
    routes: stockRoutes({ prices: options.prices, limits: { ...DEFAULT_SERVICE_LIMITS, ...options.limits }, stats }),
    grpc: false,
    grpcWeb: true,
    connect: true,
    shutdownSignal: shutdown.signal,
    readMaxBytes: 64 * 1024,
    // Only ever called from `handler` below, which takes node:http requests.
    fallback: (req, res) => {
      void fallback(req as IncomingMessage, res as unknown as ServerResponse);
    },
  });

  async function fallback(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(shutdown.signal.aborted ? 503 : 200, { 'Content-Type': 'text/plain' });
      res.end(shutdown.signal.aborted ? 'shutting down\n' : 'ok\n');
      return;
    }
    if (await serveStatic(staticDirs, req, res)) return;
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    if (handleCors(allowedOrigins, req, res)) return;
    rpc(req, res);
  };

  let server: Server | undefined;
  let stopping: Promise<void> | undefined;

  return {
    handler,
    stats: () => ({ ...stats }),

    async start() {
      const http = createHttpServer(handler);
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
      return { url: `http://${shown}:${port}`, port };
    },

    stop() {
      stopping ??= (async () => {
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
