import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { declaredOver, hasBody, lingerBeforeClose, refuseTooLarge } from './body-limits.js';
import { createConnectionRegistry, type ConnectionRegistry } from './connections.js';
import { sendDemoError, sendJson } from './demo-error.js';
import { type DemoLimits, MIN_STALL_TIMEOUT_MS, resolveLimits } from './limits.js';
import type { DemoMount } from './mount.js';
import { createChatMount } from './mounts/chat.js';
import { createGrpcPricesMount } from './mounts/grpc-prices.js';
import { createIngestMount } from './mounts/ingest.js';
import { createRaceMount } from './mounts/race.js';
import { createSseMount } from './mounts/sse.js';
import { limitSockets, REFUSED_LINGER_MS, type SocketLimiter } from './socket-limits.js';
import { createStaticFiles } from './static-files.js';
import { isDemoName, tryIndex, tryPage } from './try-page.js';

export { DEFAULT_LIMITS, type DemoLimits } from './limits.js';

export interface DemoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4321; 0 picks a free port. */
  port?: number;
  /** The built site served at /. Default: the package's site/dist. Missing: / lists the demos. */
  siteDir?: string;
  /** The demos' browser bundle (demo.css and one <name>.js per demo), served at /demos/assets/. */
  assetsDir?: string;
  limits?: Partial<DemoLimits>;
  /** Where the ingest demo stores records. Default: a temporary folder removed on stop(). */
  ingestDataDir?: string;
  /** How often the SSE temperature feed publishes. Default 500 ms. */
  feedIntervalMs?: number;
  /** How long stop() lets streams end cleanly before their sockets are cut. Default 2000 ms. */
  shutdownGraceMs?: number;
  /** Unexpected errors. Default console.error. */
  onError?: (error: unknown) => void;
  /**
   * Redis shared by several demo servers behind a load balancer (live-demos/scripts/cluster.mjs):
   * the chat's rooms span them. Default: the REDIS_URL environment variable; unset, one process.
   */
  redisUrl?: string | undefined;
}

export interface DemoServer {
  start(): Promise<{ url: string; port: number }>;
  /** Ends every stream (clients see a proper end), closes every connection; idempotent. */
  stop(): Promise<void>;
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly demos: readonly string[];
  readonly limits: Readonly<DemoLimits>;
  readonly connections: ConnectionRegistry;
  /** The per-address and total socket caps, with their counters. */
  readonly sockets: SocketLimiter;
  readonly httpServer: Server;
}

const HERE = new URL('.', import.meta.url);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** Origins a page may chat from besides the server's own: its public https:// origin behind a TLS proxy. */
function publicOrigins(): Set<string> {
  return new Set((process.env['DEMO_PUBLIC_ORIGINS'] ?? '').split(',').map((origin) => origin.trim()).filter(Boolean));
}

function pathnameOf(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function cidOf(req: IncomingMessage): string | null {
  const header = req.headers['x-demo-cid'];
  if (typeof header === 'string') return header;
  try {
    return new URL(req.url ?? '/', 'http://localhost').searchParams.get('cid');
  } catch {
    return null;
  }
}

function under(path: string, prefix: string): string | undefined {
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
}

/** Builds the demo server; nothing listens and no timer runs until start(). */
export function createDemoServer(options: DemoServerOptions = {}): DemoServer {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 4321;
  const limits = resolveLimits(options.limits);
  const graceMs = options.shutdownGraceMs ?? 2_000;
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const site = createStaticFiles(options.siteDir ?? fileURLToPath(new URL('../../site/dist/', HERE)));
  const assets = createStaticFiles(options.assetsDir ?? fileURLToPath(new URL('./assets/', HERE)));
  const connections = createConnectionRegistry(limits);

  let origins: Set<string> | undefined;
  const mounts: DemoMount[] = [
    createChatMount({ limits, ownOrigins: () => origins, extraOrigins: publicOrigins(), redisUrl: options.redisUrl ?? (process.env['REDIS_URL'] || undefined) }),
    createSseMount({ limits, ...(options.feedIntervalMs !== undefined ? { feedIntervalMs: options.feedIntervalMs } : {}), onError }),
    createGrpcPricesMount(),
    createIngestMount({ limits, onError, ...(options.ingestDataDir !== undefined ? { dataDir: options.ingestDataDir } : {}) }),
    createRaceMount({ limits, ownOrigins: () => origins, extraOrigins: publicOrigins(), onError }),
  ];
  const demos = mounts.flatMap((mount) => mount.demos);
  let stopping: Promise<void> | undefined;

  // Refusals of WebSocket upgrades are sent as a close frame with a reason after the handshake:
  // a browser never sees an HTTP status for a failed upgrade, only "closed 1006".
  const refuser = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: 1024 });

  // The reason is also sent first as one message in the chat's own error shape, since a page
  // reading through the websocket starter's connection.js sees only the close code.
  function refuseUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, limit: string, message: string): void {
    refuser.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      ws.send(JSON.stringify({ type: 'error', code: limit === 'cid' ? 'bad_request' : 'demo_limit', limit, message }));
      ws.close(code, `${limit}: ${message}`.slice(0, 120));
    });
  }

  function findMount(path: string): { mount: DemoMount; rest: string } | undefined {
    for (const mount of mounts) {
      const rest = under(path, mount.prefix);
      if (rest !== undefined) return { mount, rest };
    }
    return undefined;
  }

  function handleDemos(req: IncomingMessage, res: ServerResponse, path: string): void {
    const readOnly = req.method === 'GET' || req.method === 'HEAD';
    if (path === '/demos/health') {
      if (!readOnly) return sendDemoError(res, 405, { code: 'method_not_allowed', message: 'GET only' }, { Allow: 'GET, HEAD' });
      if (stopping) return sendJson(res, 503, { ok: false, demos });
      if (!mounts.every((mount) => mount.healthy?.() ?? true)) return sendJson(res, 503, { ok: false, demos });
      return sendJson(res, 200, { ok: true, demos });
    }
    if (path === '/demos/limits' && readOnly) return sendJson(res, 200, limits);
    const cut = under(path, '/demos/cut');
    if (cut !== undefined) {
      if (req.method !== 'POST') return sendDemoError(res, 405, { code: 'method_not_allowed', message: 'POST only' }, { Allow: 'POST' });
      const cid = cut.slice(1);
      if (!connections.cut(cid)) return sendDemoError(res, 404, { code: 'not_found', message: 'no live connection with that cid' });
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    const tried = under(path, '/demos/try');
    if (tried !== undefined && readOnly) {
      const name = tried.replace(/^\/|\/$/g, '');
      if (name === '') return sendHtml(res, tryIndex(demos));
      if (isDemoName(name) && demos.includes(name)) return sendHtml(res, tryPage(name));
      return sendDemoError(res, 404, { code: 'not_found', message: `no demo named ${name}` });
    }
    const asset = under(path, '/demos/assets');
    if (asset !== undefined && readOnly) {
      void assets.serve(req, res, asset).then((served) => {
        if (!served) sendDemoError(res, 404, { code: 'not_found', message: 'no such asset' });
      }, fail(res));
      return;
    }
    const found = findMount(path);
    if (found === undefined) return sendDemoError(res, 404, { code: 'not_found', message: `no demo route ${path}` });
    // One cap for every demo's body, told before a byte of it is read; a chunked body over it is
    // refused by the route that reads it (the starters' own 413s), which lingers the same way.
    if (declaredOver(req, limits.maxPayloadBytes) !== undefined) return refuseTooLarge(req, res, limits.maxPayloadBytes, 'maxPayloadBytes');
    if (stopping) return sendDemoError(res, 503, { code: 'shutting_down', message: 'the demo server is stopping' }, { Connection: 'close' });

    const demo = found.mount.streamOf(req, found.rest);
    if (demo !== undefined) {
      const socket = req.socket;
      const admission = connections.admit(socket.remoteAddress ?? '', demo, cidOf(req), () => socket.destroy());
      if (!admission.ok) {
        const status = admission.limit === 'cid' ? 400 : admission.limit === 'totalClients' ? 503 : 429;
        const code = admission.limit === 'cid' ? 'bad_request' : 'demo_limit';
        return sendDemoError(res, status, { code, limit: admission.limit, message: admission.message }, { 'Retry-After': '10' });
      }
      res.once('close', admission.release);
    }
    found.mount.handleRequest(req, res, found.rest);
  }

  function fail(res: ServerResponse) {
    return (error: unknown) => {
      onError(error);
      if (!res.headersSent) sendDemoError(res, 500, { code: 'internal_error', message: 'internal error' });
      else res.destroy();
    };
  }

  // The responses each socket has under way, so that clientError (below) never writes a raw
  // status line into a response that has already begun (a stream's bytes). Node's own handler
  // checks the socket's private _httpMessage for this; this is the same check with public API.
  const responding = new WeakMap<Socket, Set<ServerResponse>>();

  function track(socket: Socket, res: ServerResponse): void {
    let set = responding.get(socket);
    if (set === undefined) responding.set(socket, (set = new Set()));
    set.add(res);
    res.once('close', () => set.delete(res));
  }

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    // Already told 429/503 and closing (socket-limits.ts): the request it sent gets nothing more.
    if (sockets.refused(req.socket)) return;
    track(req.socket, res);
    if (hasBody(req)) lingerBeforeClose(req);
    const path = pathnameOf(req);
    if (path === undefined) return sendDemoError(res, 400, { code: 'bad_request', message: 'bad request target' });
    if (path === '/demos' || path.startsWith('/demos/')) return handleDemos(req, res, path);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendDemoError(res, 405, { code: 'method_not_allowed', message: 'GET only' }, { Allow: 'GET, HEAD' });
    }
    if (path === '/' && !existsSync(site.root)) return sendHtml(res, tryIndex(demos));
    void site.serve(req, res, path).then(async (served) => {
      if (served) return;
      if (!(await site.serve(req, res, '/404.html', 404))) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      }
    }, fail(res));
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (sockets.refused(socket as Socket)) return;
    socket.on('error', () => socket.destroy());
    const path = pathnameOf(req) ?? '';
    const found = findMount(path);
    if (found?.mount.handleUpgrade === undefined || stopping) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const ip = (socket as Socket).remoteAddress ?? '';
    const demo = found.mount.demos[0] ?? 'chat';
    const admission = connections.admit(ip, demo, cidOf(req), () => socket.destroy());
    if (!admission.ok) {
      // 1008 policy violation for a bad cid, 1013 try again later for a limit; the reason says which.
      return refuseUpgrade(req, socket, head, admission.limit === 'cid' ? 1008 : 1013, admission.limit, admission.message);
    }
    socket.once('close', admission.release);
    found.mount.handleUpgrade(req, socket, head);
  }

  // A request's headers within 10 s and its whole body within 30 s (demo bodies are at most
  // maxPayloadBytes), checked every second rather than Node's default 30 s, so a slowloris
  // socket is gone in about 11 s. Responses (streams) may last longer: requestTimeout stops at
  // the request's last byte.
  const httpServer = createHttpServer({ requestTimeout: 30_000, headersTimeout: 10_000, connectionsCheckingInterval: 1_000 }, handleRequest);
  const sockets = limitSockets(httpServer, limits);
  // Above common load balancer idle timeouts (60 s), so the balancer, not us, closes idle sockets.
  httpServer.keepAliveTimeout = limits.idleTimeoutMs;
  // Socket inactivity while a request runs, as the grpc-web starter's gateway sets it on its own
  // server (WEB_STALL_TIMEOUT_MS), which mounted here it does not have: Node destroys a socket on
  // which nothing moved, which ends its stream and frees its slots. Upgraded sockets (WebSockets)
  // are ws's, which clears this timeout and pings instead.
  httpServer.timeout = Math.max(limits.stallTimeoutMs, MIN_STALL_TIMEOUT_MS);
  httpServer.on('upgrade', handleUpgrade);
  httpServer.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // As Node's default answers them: a slow request is told 408, oversized headers 431.
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    // A response already started on this socket (say an event stream whose request declared a
    // body it never sent, so the request timeout fires mid-stream): a status line now would land
    // inside its bytes. The only honest end is to cut it, as Node's default handler does.
    const started = [...(responding.get(socket as Socket) ?? [])].some((res) => res.headersSent);
    if (!socket.writable || started) return socket.destroy();
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    // A client that never closes its side (a slowloris ignores the answer) must not keep the fd.
    const timer = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });

  return {
    demos,
    limits,
    connections,
    sockets,
    httpServer,
    handleRequest,
    handleUpgrade,

    async start() {
      for (const mount of mounts) await mount.start();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      const bound = (httpServer.address() as AddressInfo).port;
      const shown = host.includes(':') ? `[${host}]` : host;
      // On a wildcard address (0.0.0.0, ::) the origin pages come from is unknowable: the chat
      // then falls back to its same-host check (Origin's host:port equals the Host header).
      if (!WILDCARD_HOSTS.has(host)) {
        const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
        origins = new Set((loopback ? ['127.0.0.1', 'localhost', '[::1]'] : [shown]).map((name) => `http://${name}:${bound}`));
      }
      return { url: `http://${shown}:${bound}/`, port: bound };
    },

    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => (httpServer.listening ? httpServer.close(() => resolve()) : resolve()));
        httpServer.closeIdleConnections();
        const force = setTimeout(() => {
          connections.cutAll();
          httpServer.closeAllConnections();
        }, graceMs);
        await Promise.allSettled(mounts.map((mount) => mount.stop()));
        refuser.close();
        connections.cutAll();
        httpServer.closeAllConnections();
        await closed;
        clearTimeout(force);
      })();
      return stopping;
    },
  };
}

function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Cache-Control': 'no-cache',
  });
  res.end(html);
}
