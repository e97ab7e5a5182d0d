import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type Chat, createChat, type CreateChatOptions } from './chat.js';
import { limitConnections, type ConnectionCounts } from './connection-limits.js';
import { CHAT_DEFAULTS, resolveServerLimits, type ServerLimits } from './options.js';
import { isSameHost } from './origin.js';
import { createStaticFiles } from './static-files.js';
import { rejectUpgrade } from './upgrade-response.js';
import { isWildcardHost } from './wildcard-host.js';

export { type Chat, type ChatStats, CLOSE_CODES, createChat, type CreateChatOptions, SETTLE_MS } from './chat.js';
export { type ChatOptions, CHAT_DEFAULTS, type ServerLimits, SERVER_DEFAULTS } from './options.js';
export { ERROR_CODES, type ClientMessage, type ErrorCode, type ServerMessage } from './protocol.js';
export type { OriginPolicy } from './origin.js';
export { BusUnavailableError } from './room-bus.js';

export type ServerOptions = CreateChatOptions & { [K in keyof ServerLimits]?: number | undefined } & {
  /**
   * Interface to listen on. Default 127.0.0.1. On a wildcard address (0.0.0.0, ::, e.g. in a
   * container) allowedOrigins is required: see createServer.
   */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** Path of the WebSocket endpoint. Default /ws. */
  wsPath?: string;
  /** Folder with the browser client. Default: public/ next to src/ and dist/. */
  publicDir?: string;
};

export interface ChatServer {
  /**
   * Connects to Redis if redisUrl is set (rejects with BusUnavailableError, code
   * REDIS_UNAVAILABLE, when it cannot), then listens; resolves with the page URL
   * (http://host:port) and the port actually bound.
   */
  start(): Promise<{ url: string; port: number }>;
  /**
   * Drains first (for drainDelayMs /healthz answers 503 while everything else is still
   * served), then stops accepting, closes every client with 1001 and resolves once all
   * sockets are closed.
   */
  stop(): Promise<void>;
  /** Open connections and connections refused for going over maxConnections or maxConnectionsPerIp. */
  connections(): ConnectionCounts;
  /** GET / (page), GET /<file> (public/), GET /healthz; 404 otherwise. Mountable by a host. */
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Upgrades on wsPath go to the chat; other paths get 404. Mountable by a host. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly chat: Chat;
  readonly httpServer: ReturnType<typeof createHttpServer>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The origins a page served by this server has, given where it listens. */
function ownOrigins(host: string, port: number): Set<string> {
  const hosts = LOOPBACK_HOSTS.has(host) ? [...LOOPBACK_HOSTS] : [host];
  return new Set(hosts.map((name) => `http://${hostForUrl(name)}:${port}`));
}

function pathnameOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

function sendText(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${body}\n`);
}

/** Builds the server; nothing listens and no timer runs until start(). */
export function createServer(options: ServerOptions = {}): ChatServer {
  const {
    host = '127.0.0.1',
    port = 8080,
    wsPath = '/ws',
    publicDir,
    drainDelayMs,
    maxConnections,
    maxConnectionsPerIp,
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs,
    ...chatOptions
  } = options;
  const limits = resolveServerLimits({
    drainDelayMs,
    maxConnections,
    maxConnectionsPerIp,
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs,
  });
  // On a wildcard address the server cannot know the names it is reached by, so "same origin"
  // can only mean "the Origin's host equals the Host header", and a DNS-rebinding page (its own
  // domain, resolving to this machine) passes that test. Refuse to start rather than guess.
  if (isWildcardHost(host) && chatOptions.allowedOrigins === undefined) {
    throw new RangeError(
      `listening on ${host || 'every address'} needs allowedOrigins (ALLOWED_ORIGINS): the origins browsers may connect from, e.g. https://chat.example.com`,
    );
  }
  const staticFiles = createStaticFiles(publicDir ?? fileURLToPath(new URL('../public/', import.meta.url)));

  // "Default: the server's own origin". Once listening we know it exactly, and an exact list
  // also refuses DNS-rebinding pages (their Origin and Host both name the attacker's domain,
  // which a plain "Origin host equals Host header" check would let through). Wildcard
  // addresses were refused above without an explicit list; before listening, nothing connects.
  let listeningOrigins: Set<string> | undefined;
  const chat = createChat({
    ...chatOptions,
    allowedOrigins:
      chatOptions.allowedOrigins ??
      ((origin, req) => (listeningOrigins !== undefined ? listeningOrigins.has(origin) : isSameHost(origin, req))),
  });

  let stopping: Promise<void> | undefined;
  let draining = false;

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const pathname = pathnameOf(req);
    const readOnly = req.method === 'GET' || req.method === 'HEAD';

    if (pathname === '/healthz') {
      if (!readOnly) return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
      // 503 from the moment stop() is called, through the drain delay, while everything else
      // is still served: the load balancer takes this instance out before its clients go.
      if (draining) return sendText(res, 503, 'draining');
      if (stopping !== undefined) return sendText(res, 503, 'stopping');
      // With Redis scale-out an instance that lost Redis cannot reach the other instances'
      // members: the balancer should send new clients elsewhere until it is back.
      return chat.healthy() ? sendText(res, 200, 'ok') : sendText(res, 503, 'redis unavailable');
    }
    if (pathname === wsPath) return sendText(res, 426, 'upgrade required', { Upgrade: 'websocket' });
    if (!readOnly) return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });

    staticFiles.serve(pathname, req, res).then(
      (served) => {
        if (!served) sendText(res, 404, 'not found');
      },
      () => {
        if (!res.headersSent) sendText(res, 500, 'internal error');
        else res.destroy();
      },
    );
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (pathnameOf(req) !== wsPath) {
      socket.on('error', () => socket.destroy());
      return rejectUpgrade(socket, 404, 'not found');
    }
    chat.handleUpgrade(req, socket, head);
  }

  // Every timeout explicit (Node's defaults: 5 min per request, 5 s keep-alive, below every
  // load balancer's idle timeout). Node checks the first two on an interval, 30 s by default:
  // a shorter one makes a slowloris connection go when its time is up.
  const httpServer = createHttpServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    handleRequest,
  );
  // Also keeps the sockets that have not sent a request yet, which stop() destroys.
  const connections = limitConnections(httpServer, limits);
  httpServer.on('upgrade', handleUpgrade);

  return {
    chat,
    httpServer,
    handleRequest,
    handleUpgrade,
    connections: connections.counts,

    async start() {
      await chat.open();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      const bound = (httpServer.address() as AddressInfo).port;
      if (!isWildcardHost(host)) listeningOrigins = ownOrigins(host, bound);
      return { url: `http://${hostForUrl(host)}:${bound}`, port: bound };
    },

    stop() {
      stopping ??= (async () => {
        if (limits.drainDelayMs > 0 && httpServer.listening) {
          draining = true;
          await new Promise((resolve) => setTimeout(resolve, limits.drainDelayMs));
          draining = false;
        }
        const closed = new Promise<void>((resolve) => {
          if (!httpServer.listening) return resolve();
          // Stops accepting now; calls back once every connection, upgraded ones included, is gone.
          httpServer.close(() => resolve());
        });
        httpServer.closeIdleConnections();
        // closeIdleConnections() skips them (see destroyUnused).
        connections.destroyUnused();
        // In-flight HTTP requests get the same grace as WebSocket clients, then are cut.
        const graceMs = chatOptions.closeTimeoutMs ?? CHAT_DEFAULTS.closeTimeoutMs;
        const force = setTimeout(() => httpServer.closeAllConnections(), graceMs);
        await chat.close();
        await closed;
        clearTimeout(force);
      })();
      return stopping;
    },
  };
}
