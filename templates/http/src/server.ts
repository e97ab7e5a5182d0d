import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { HttpError } from './errors.js';
import { FileStore } from './file-store.js';
import { sendError, sendJson } from './http-io.js';
import { InFlightKeys } from './idempotency.js';
import { handleIngest, type IngestContext } from './ingest.js';
import { DEFAULTS, DEFAULT_IDEMPOTENCY, DEFAULT_LIMITS, type Limits, type ServerOptions } from './options.js';
import { BodyAbortedError } from './read-chunks.js';
import type { RecordStore } from './record-store.js';
import { handleRecords } from './records-route.js';
import { isStaticPath, serveStatic, STATIC_PATHS } from './static-files.js';

export type { ServerOptions, Limits } from './options.js';

export interface IngestServer {
  /** Opens the store, then listens on host:port. */
  start(): Promise<{ url: string; port: number }>;
  /**
   * Stops accepting connections, lets in-flight requests finish for shutdownGraceMs, closes
   * the connections still open (their uploads are rolled back), then closes the store.
   */
  stop(): Promise<void>;
  /**
   * Graceful drain (SIGTERM in main.ts): /healthz answers 503 for drainDelayMs while every
   * other request is still served (with "Connection: close"), so a load balancer stops
   * sending traffic before the listener closes; then stop(). Resolves when stopped.
   */
  drain(): Promise<void>;
  /** Opens the store without listening: for a host server that mounts handleRequest. */
  open(): Promise<void>;
  /** The whole API as one Node request listener; mount it on any http.Server. */
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  readonly store: RecordStore;
  readonly httpServer: Server;
}

// After the grace period: how long cut-off uploads have to read their 503 before the sockets close.
const CUT_LINGER_MS = 1000;

/** Which methods each path answers; everything else is 405 (known path) or 404. */
const ROUTES: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(STATIC_PATHS.map((path) => [path, ['GET', 'HEAD']])),
  '/healthz': ['GET', 'HEAD'],
  '/ingest': ['POST'],
  '/records': ['GET', 'HEAD'],
};

export function createServer(options: ServerOptions = {}): IngestServer {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const idempotency = { ...DEFAULT_IDEMPOTENCY, ...options.idempotency };
  const host = options.host ?? DEFAULTS.host;
  const port = options.port ?? DEFAULTS.port;
  const basePath = (options.basePath ?? DEFAULTS.basePath).replace(/\/+$/, '');
  const shutdownGraceMs = options.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs;
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const store =
    options.store ??
    new FileStore({
      dataDir: options.dataDir ?? DEFAULTS.dataDir,
      idempotencyTtlMs: idempotency.ttlMs,
      idempotencyMaxKeys: idempotency.maxKeys,
      idempotencyMaxBytes: idempotency.maxBytes,
    });
  // Aborted when the grace period ends: uploads still arriving are answered 503 and rolled back.
  const cutOff = new AbortController();
  // Requests sent with "Expect: 100-continue": the client waits for a go-ahead before the body.
  const awaitingContinue = new WeakSet<ServerResponse>();
  const ingestContext: IngestContext = {
    store,
    limits,
    inFlightKeys: new InFlightKeys(),
    active: { count: 0 },
    activeByAddress: new Map(),
    shutdown: cutOff.signal,
    beforeBody: (res) => {
      if (awaitingContinue.delete(res)) res.writeContinue();
    },
  };

  let state: 'new' | 'opening' | 'open' | 'draining' | 'stopping' | 'stopped' = 'new';
  let draining: { promise: Promise<void>; skip: () => void } | undefined;
  let opening: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  const running = new Set<Promise<void>>();
  const responses = new Set<ServerResponse>();
  const idleWaiters: Array<() => void> = [];

  const drainDelayMs = options.drainDelayMs ?? DEFAULTS.drainDelayMs;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  const configuredHeadersTimeout = options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs;
  // Node refuses a headersTimeout above a non-zero requestTimeout.
  const headersTimeout =
    requestTimeoutMs > 0 ? Math.min(configuredHeadersTimeout, requestTimeoutMs) : configuredHeadersTimeout;
  const httpServer = createHttpServer({
    requestTimeout: requestTimeoutMs,
    headersTimeout,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    // Node enforces both timeouts on this tick (30 s by default, which would let a slowloris
    // connection live 40 s with a 10 s headersTimeout).
    connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(headersTimeout / 4))),
  });
  // Past the cap, Node closes new connections at once instead of letting them pile up to the
  // file descriptor limit.
  httpServer.maxConnections = options.maxConnections ?? DEFAULTS.maxConnections;
  // A client that half-closes (FIN) after its request still wants the answer (RFC 9112, 9.6:
  // a half-closed connection "does not imply that the client is no longer interested in a
  // response"). Node's default aborts the request and closes instead, so such a client's
  // upload could be stored with its 202 lost; with this flag Node answers, then closes.
  (httpServer as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  const sockets = new Set<Socket>();
  httpServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Connections that have had an answer, and requests in progress per connection: stop()
  // closes only connections that are idle between requests, never one whose first request
  // may still be in flight.
  const answered = new WeakSet<Socket>();
  const inProgress = new Map<Socket, number>();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Keep-alive clients reconnect, through the load balancer, to an instance that stays.
    if (state === 'draining' || state === 'stopping') res.setHeader('Connection', 'close');
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?', 2);
    const path = stripBase(rawPath, basePath);
    const methods = path === undefined ? undefined : ROUTES[path];
    if (path === undefined || methods === undefined) throw new HttpError('NOT_FOUND', `no route for ${rawPath}`);
    const method = req.method ?? 'GET';
    if (!methods.includes(method)) {
      throw new HttpError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`, {
        headers: { Allow: methods.join(', ') },
      });
    }
    if (path === '/healthz') {
      // Load balancers stop sending new traffic while the server drains, or when the store
      // cannot take writes (a failed rollback, a damaged log found by a read).
      const problem = state === 'open' ? store.problem?.() : undefined;
      if (state === 'open' && problem === undefined) sendJson(req, res, 200, { status: 'ok' });
      else sendJson(req, res, 503, problem === undefined ? { status: state } : { status: 'broken', problem });
      return;
    }
    if (isStaticPath(path)) return serveStatic(req, res, path);
    const serving = state === 'open' || state === 'draining' || state === 'stopping';
    if (!serving) throw new HttpError('NOT_READY', 'the store is not open');
    if (path === '/ingest') return handleIngest(req, res, ingestContext);
    return handleRecords(req, res, new URLSearchParams(rawQuery), store, limits.maxPageSize);
  }

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const task = route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        // The operator must hear of it; the client gets a 507 it can retry later.
        if (error.code === 'STORAGE_FULL') logError('ingest refused, disk full:', error.cause);
        return sendError(req, res, error);
      }
      // The client left mid-upload: its transaction was rolled back, and nobody is listening.
      // Not `req.destroyed` alone: Node destroys every request once its body has been read,
      // so a commit that failed after that (EIO, a bug) was neither answered nor logged.
      if (error instanceof BodyAbortedError || (req.destroyed && !req.complete)) return;
      logError('request failed:', error);
      sendError(req, res, new HttpError('INTERNAL', 'internal error; nothing from this request was stored'));
    });
    running.add(task);
    responses.add(res);
    const socket = req.socket;
    inProgress.set(socket, (inProgress.get(socket) ?? 0) + 1);
    res.once('close', () => {
      answered.add(socket);
      const left = (inProgress.get(socket) ?? 1) - 1;
      if (left > 0) inProgress.set(socket, left);
      else inProgress.delete(socket);
    });
    void task.finally(() => {
      running.delete(task);
      responses.delete(res);
      if (running.size === 0) for (const wake of idleWaiters.splice(0)) wake();
    });
  }

  function whenIdle(): Promise<void> {
    if (running.size === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  function open(): Promise<void> {
    if (state === 'stopping' || state === 'stopped') return Promise.reject(new Error('server is stopped'));
    opening ??= store.open().then(() => {
      state = 'open';
    });
    if (state === 'new') state = 'opening';
    return opening;
  }

  async function start(): Promise<{ url: string; port: number }> {
    await open();
    httpServer.on('request', handleRequest);
    // Without this listener Node answers "100 Continue" itself, before any header is checked.
    httpServer.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      awaitingContinue.add(res);
      handleRequest(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
    const address = httpServer.address() as AddressInfo;
    const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return { url: `http://${hostInUrl}:${address.port}${basePath}`, port: address.port };
  }

  function drain(): Promise<void> {
    if (state === 'open' && draining === undefined) {
      state = 'draining';
      const delayed = new AbortController();
      draining = {
        promise: delay(drainDelayMs, undefined, { signal: delayed.signal }).catch(() => undefined),
        skip: () => delayed.abort(),
      };
    }
    return (draining?.promise ?? Promise.resolve()).then(() => stop());
  }

  function stop(): Promise<void> {
    draining?.skip();
    stopping ??= (async () => {
      state = 'stopping';
      // Answers still to come close their connection, so keep-alive clients move on.
      for (const res of responses) if (!res.headersSent) res.setHeader('Connection', 'close');
      // Stop accepting, but not with http.Server#close(): that also destroys every connection
      // without a request in progress, including new ones whose first request is already
      // on the wire (their client sees a reset). Only connections idle after an answer go now.
      const closed = httpServer.listening
        ? new Promise<void>((resolve) => NetServer.prototype.close.call(httpServer, () => resolve()))
        : Promise.resolve();
      for (const socket of sockets) if (answered.has(socket) && !inProgress.has(socket)) socket.destroy();
      const grace = new AbortController();
      await Promise.race([
        whenIdle(),
        delay(shutdownGraceMs, undefined, { signal: grace.signal }).catch(() => undefined),
      ]);
      grace.abort();
      if (running.size > 0) {
        // Uploads still arriving are answered 503 SHUTTING_DOWN and rolled back: the client
        // gets an answer it can retry instead of a bare reset. They get a moment to read it.
        cutOff.abort(
          new HttpError('SHUTTING_DOWN', 'the server is shutting down; nothing from this upload was stored', {
            headers: { 'Retry-After': '1' },
          }),
        );
        await whenIdle();
        await whenNoSockets(CUT_LINGER_MS);
      }
      httpServer.closeAllConnections();
      await whenIdle();
      await closed;
      // What http.Server#close() does besides closing: stop its timeout-checking interval.
      httpServer.close(() => undefined);
      if (opening) await opening.catch(() => undefined);
      await store.close();
      state = 'stopped';
    })();
    return stopping;
  }

  /** Resolves when every connection has closed, or after timeoutMs. */
  async function whenNoSockets(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (sockets.size > 0 && performance.now() < deadline) await delay(20);
  }

  return { start, stop, drain, open, handleRequest, store, httpServer };
}

/** The route path under basePath, or undefined when the request is outside it. */
function stripBase(path: string, basePath: string): string | undefined {
  if (basePath === '') return path;
  if (path === basePath) return '/';
  return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : undefined;
}
