import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerTokenCheck } from './bearer-token.js';
import { chatErrorFrame, handleChat } from './chat-route.js';
import { Coalescer, type CoalescerStats, type PublishResult } from './coalescer.js';
import { ConnectionTracker } from './connection-tracker.js';
import { createDemoModel } from './demo-model.js';
import { HttpError, RequestAbortedError, ShuttingDownError, StoreUnavailableError } from './errors.js';
import { createMemoryHub, type EventHub } from './event-hub.js';
import { handleEvents } from './events-route.js';
import { IdempotencyMemory } from './idempotency.js';
import { resolveOptions, type ServerOptions } from './options.js';
import { handlePublish, type StorePublisher } from './publish-route.js';
import { publishProblem } from './publish-rules.js';
import { handleRedisEvents } from './redis-events-route.js';
import { RedisStore } from './redis-store.js';
import { sendError, sendJson } from './reply.js';
import { KEEP_ALIVE_FRAME } from './sse-format.js';
import { isQueuedBehindEventStream } from './sse-stream.js';
import { StaticFiles } from './static-files.js';
import { StreamSet } from './stream-set.js';
import { startTemperatureFeed } from './temperature-feed.js';
import { TurnFanout } from './turn-fanout.js';

export { ShuttingDownError, StoreUnavailableError } from './errors.js';
export { DEFAULT_OPTIONS, type ServerOptions } from './options.js';

export interface ServerStats {
  subscribers: number;
  /** Chat replies streaming plus chat requests whose body is still arriving. */
  chatStreams: number;
  /** Open TCP connections. */
  connections: number;
  /** Connections closed on arrival for going over maxConnections or maxConnectionsPerIp. */
  refusedConnections: number;
  /** In-process mode: the newest id. Redis mode uses stream ids: see `redis.lastId`. */
  lastEventId: number;
  coalescing: CoalescerStats;
  /**
   * Redis mode only: whether both connections are up, the newest id this instance has read, and
   * the bytes its local buffer holds (at most replayBufferBytes).
   */
  redis?: { healthy: boolean; lastId: string; bufferedBytes: number };
}

/** What publishAsync() answers: the id as clients see it in `id:`, or `coalesced`. */
export type AsyncPublishResult = { id: string } | { coalesced: true };

export interface SseServer {
  /** Listens, starts the feed and keep-alives; resolves with the bound URL and port. */
  start(): Promise<{ url: string; port: number }>;
  /**
   * Drains (for drainDelayMs /healthz answers 503 while everything else is still served), then
   * stops accepting, ends every stream properly and closes connections; resolves within
   * drainDelayMs plus shutdownGraceMs plus a little.
   */
  stop(): Promise<void>;
  /**
   * The request handler, for mounting in a host server: returns false (and does nothing) for
   * paths it does not own, so the host can route them elsewhere.
   */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Redis mode: loads the client, connects and finds the stream's head; rejects with a
   * StoreUnavailableError when Redis cannot be reached. A no-op without redisUrl. start() calls
   * it; a host that mounts handleRequest() awaits it before open().
   */
  connect(): Promise<void>;
  /** Starts the feed and keep-alive timers without listening (start() calls it; hosts call it). */
  open(): void;
  /** Stops the timers, refuses new streams and ends the open ones (stop() calls it; hosts call it). */
  close(): Promise<void>;
  /**
   * Publishes as POST /publish does: at once, or with a `key` (while coalesceMs > 0) as the
   * latest value for that key in the current window. Throws a TypeError for an unsafe or
   * reserved event name, an invalid key or data that is not JSON, and a ShuttingDownError once
   * stop() or close() has begun (values accepted before that are still published).
   */
  publish(event: string, data: unknown, key?: string): PublishResult;
  /**
   * Publishes in either mode: in memory mode as publish() does; in Redis mode it resolves once
   * Redis has stored the event (with its `<ms>-<seq>` id) and rejects with a
   * StoreUnavailableError when Redis did not accept it. In Redis mode publish() throws: an
   * answer that cannot wait for Redis would promise what Redis may refuse.
   */
  publishAsync(event: string, data: unknown, key?: string): Promise<AsyncPublishResult>;
  /**
   * Where events get ids. Its publish() refuses what publish() refuses (reserved or unsafe
   * names with a TypeError, anything once stop() or close() has begun with a
   * ShuttingDownError), but bypasses coalescing, so it is not ordered with keyed values still
   * waiting in a window: use publish() above unless you mean that.
   */
  readonly hub: EventHub;
  readonly httpServer: Server;
  stats(): ServerStats;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;
type Routes = ReadonlyMap<string, Readonly<Record<string, Handler>>>;

export function createServer(options: ServerOptions = {}): SseServer {
  const config = resolveOptions(options);
  const hub = options.hub ?? createMemoryHub({ replayBuffer: config.replayBuffer, replayBufferBytes: config.replayBufferBytes });
  const coalescer = new Coalescer({
    hub,
    windowMs: config.coalesceMs,
    maxKeys: config.maxCoalesceKeys,
    onError: config.onError,
  });
  // Redis mode: the stream is the log; the memory hub above stays empty and unused.
  const store =
    config.redisUrl === ''
      ? undefined
      : new RedisStore(
          { url: config.redisUrl, streamKey: config.redisStreamKey, maxLen: config.replayBuffer, commandTimeoutMs: config.redisTimeoutMs, log: config.log },
          config.replayBuffer,
          config.replayBufferBytes,
        );
  // In-process mode's one fan-out: wakes every subscriber once per turn, or per write window
  // when busy (src/turn-fanout.ts). Redis mode does not use it: there the mirror wakes them.
  const fanout = new TurnFanout(hub, { writeBatchMs: config.writeBatchMs, writeBatchAbove: config.writeBatchAbove });
  const idempotency = new IdempotencyMemory(config.idempotencyTtlMs, config.maxIdempotencyKeys);
  const model = options.model ?? createDemoModel();
  const eventStreams = new StreamSet();
  const chatStreams = new StreamSet();
  const staticFiles = new StaticFiles(config.publicDir);
  // Every timeout explicit (Node's defaults: 5 min for a request, 5 s keep-alive, below every
  // load balancer's idle timeout). requestTimeout covers receiving a request, never the stream
  // sent back. Node checks the first two on an interval (30 s by default): a shorter one makes
  // a slowloris connection go when its time is up, not up to 30 s later.
  const httpServer = createHttpServer({
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
  });
  const connections = new ConnectionTracker(httpServer, config);
  const isAuthorized = config.publishToken === undefined ? undefined : bearerTokenCheck(config.publishToken);

  let closing = false;
  let draining = false;
  let stopFeed: (() => void) | undefined;
  let keepAliveTimer: NodeJS.Timeout | undefined;
  let closePromise: Promise<void> | undefined;
  let stopPromise: Promise<void> | undefined;

  const refuseWhileClosing = (handler: Handler): Handler => (req, res, url) => {
    if (closing) throw new HttpError('shutting_down', undefined, { Connection: 'close' });
    return handler(req, res, url);
  };

  // 503 while draining tells a load balancer to stop sending new clients here; everything else
  // is still served until the drain delay is over.
  // In Redis mode an instance that has lost Redis can neither publish nor resume from older
  // ids: 503 sends new clients to an instance that can.
  const healthz = refuseWhileClosing((_req, res) => {
    if (draining) sendJson(res, 503, { status: 'draining' });
    else if (store !== undefined && !store.healthy) sendJson(res, 503, { status: 'store_unavailable' });
    else sendJson(res, 200, { status: 'ok' });
  });
  const routes: Routes = new Map<string, Record<string, Handler>>([
    ['/healthz', { GET: healthz, HEAD: healthz }],
    [
      '/events',
      {
        GET: refuseWhileClosing((req, res, url) =>
          store !== undefined
            ? handleRedisEvents(req, res, url, {
                store,
                streams: eventStreams,
                retryMs: config.retryMs,
                slowSubscriberTimeoutMs: config.slowSubscriberTimeoutMs,
                maxSubscribers: config.maxSubscribers,
                readBatch: Math.min(config.replayBuffer, 1000),
                readBatchBytes: Math.min(config.replayBufferBytes, REDIS_READ_BATCH_BYTES),
              })
            : handleEvents(req, res, url, {
            hub,
            fanout,
            streams: eventStreams,
            retryMs: config.retryMs,
            slowSubscriberTimeoutMs: config.slowSubscriberTimeoutMs,
            maxSubscribers: config.maxSubscribers,
          }),
        ),
      },
    ],
    [
      '/publish',
      {
        POST: refuseWhileClosing((req, res) =>
          handlePublish(req, res, {
            publisher: coalescer,
            storePublisher: store !== undefined ? publishManyToStore : undefined,
            idempotency,
            isAuthorized,
            maxBodyBytes: config.maxBodyBytes,
            maxPublishBatch: config.maxPublishBatch,
          }),
        ),
      },
    ],
    [
      '/chat/stream',
      {
        POST: refuseWhileClosing((req, res) =>
          handleChat(req, res, {
            model,
            streams: chatStreams,
            maxBodyBytes: config.maxChatBodyBytes,
            maxChatStreams: config.maxChatStreams,
            slowSubscriberTimeoutMs: config.slowSubscriberTimeoutMs,
            onError: config.onError,
            isClosing: () => closing,
          }),
        ),
      },
    ],
  ]);

  const findMethods = (path: string): Readonly<Record<string, Handler>> | undefined => {
    const methods = routes.get(path);
    if (methods) return methods;
    const file = staticFiles.resolve(path);
    if (file === undefined) return undefined;
    const serve: Handler = (_req, res) => staticFiles.serve(res, file);
    return { GET: serve, HEAD: serve };
  };

  const fail = (res: ServerResponse, error: unknown, req?: IncomingMessage): void => {
    if (error instanceof RequestAbortedError) {
      // Clients leave mid-upload all the time (a closed tab, a lost network): one line, no stack.
      config.log(`client closed the connection during ${req?.method ?? '?'} ${pathOf(req)} before its body was complete`);
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      sendError(res, error);
      return;
    }
    config.onError(error);
    sendError(res, new HttpError('internal_error'));
  };

  const handleRequest = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = parseRequestUrl(req.url);
    if (url === undefined) return false;
    if (config.basePath !== '' && url.pathname === config.basePath) {
      // The page uses relative URLs, which resolve against "/sse/" but not against "/sse".
      res.writeHead(308, { Location: `${config.basePath}/${url.search}` }).end();
      return true;
    }
    const path = stripBasePath(url.pathname, config.basePath);
    if (path === undefined) return false;
    const methods = findMethods(path);
    if (methods === undefined) return false;

    const handler = methods[req.method ?? ''];
    if (handler === undefined) {
      fail(res, new HttpError('method_not_allowed', undefined, { Allow: Object.keys(methods).join(', ') }));
      return true;
    }
    if (isQueuedBehindEventStream(req, res)) {
      // Never answered (the connection closes after the stream), so not executed either.
      req.resume();
      return true;
    }
    try {
      const pending = handler(req, res, url);
      if (pending) pending.catch((error: unknown) => fail(res, error, req));
    } catch (error) {
      fail(res, error, req);
    }
    return true;
  };

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!handleRequest(req, res)) fail(res, new HttpError('not_found'));
  });

  // Redis mode's publish: checked as publish() checks, answered only once Redis has the events
  // (a batch in one atomic script: stored whole, in order, or not at all).
  const publishManyToStore: StorePublisher = async (requests, claim) => {
    const events = requests.map(({ event, data, key }) => {
      const problem = publishProblem(event, key);
      if (problem !== undefined) throw new TypeError(problem);
      const json = JSON.stringify(data);
      if (json === undefined) throw new TypeError('event data must be JSON-serialisable');
      return { event, json };
    });
    if (closing || store === undefined) throw new ShuttingDownError();
    if (claim === undefined) return { results: (await store.publishMany(events)).map((id) => ({ id })) };
    const { ids, replayedFingerprint } = await store.publishOnce(events, claim, config.idempotencyTtlMs);
    return { results: ids.map((id) => ({ id })), replayedFingerprint };
  };
  const publishToStore = async (event: string, data: unknown, key?: string): Promise<{ id: string }> =>
    (await publishManyToStore([key === undefined ? { event, data } : { event, data, key }], undefined)).results[0]!;
  // The demo feed publishes on a timer: a reading Redis refused is dropped (the next one follows
  // within a second), never an unhandled rejection.
  const feedPublisher = {
    publish(event: string, data: unknown, key?: string): PublishResult {
      publishToStore(event, data, key).catch((error: unknown) => {
        if (!(error instanceof StoreUnavailableError || error instanceof ShuttingDownError)) config.onError(error);
      });
      return { coalesced: true };
    },
  };

  const open = (): void => {
    if (store !== undefined && !store.connected) throw new Error('Redis mode: await connect() before open() (start() does both)');
    if (closing || stopFeed || keepAliveTimer) return;
    if (config.feedIntervalMs > 0) stopFeed = startTemperatureFeed(store !== undefined ? feedPublisher : coalescer, config.feedIntervalMs);
    if (config.keepAliveMs > 0) {
      // One timer and one shared frame for every stream, not a timer per connection.
      keepAliveTimer = setInterval(() => {
        eventStreams.sendToWritable(KEEP_ALIVE_FRAME);
        chatStreams.sendToWritable(KEEP_ALIVE_FRAME);
      }, config.keepAliveMs);
      keepAliveTimer.unref();
    }
  };

  const close = (): Promise<void> => {
    closePromise ??= (async () => {
      closing = true;
      stopFeed?.();
      clearInterval(keepAliveTimer);
      // Values waiting in a window go out before the streams end: subscribers that keep up
      // receive them, and they hold ids in the hub for clients that resume elsewhere. From here
      // on every publish is refused (POST /publish with 503, even one whose body was still
      // arriving; server.publish() with a ShuttingDownError): the streams are ending, so an
      // id or a 202 now would promise an event that nobody receives.
      coalescer.close();
      // Nothing is published from here on: what the write window still holds goes out now (the
      // streams' own catch-up below would send it too, frame by frame), and its timer goes.
      fanout.close();
      // Event streams end cleanly: EventSource sees the end and reconnects (to another
      // instance, or to this one once it is back) with its Last-Event-ID.
      await Promise.all([
        eventStreams.endAll(config.shutdownGraceMs),
        chatStreams.endAll(config.shutdownGraceMs, chatErrorFrame('shutting_down')),
      ]);
      await store?.close();
    })();
    return closePromise;
  };

  // The hub as the server hands it out: the same rules as publish(), so no path skips them.
  const guardedHub: EventHub = {
    publish(event, data) {
      const problem = publishProblem(event, undefined);
      if (problem !== undefined) throw new TypeError(problem);
      if (closing) throw new ShuttingDownError();
      if (store !== undefined) throw new TypeError(REDIS_MODE_PUBLISH);
      return hub.publish(event, data);
    },
    get lastId() {
      return hub.lastId;
    },
    get oldestId() {
      return hub.oldestId;
    },
    get firstId() {
      return hub.firstId;
    },
    get bufferedBytes() {
      return hub.bufferedBytes;
    },
    get: (id) => hub.get(id),
    subscribe: (listener) => hub.subscribe(listener),
  };

  return {
    hub: guardedHub,
    httpServer,
    handleRequest,
    open,
    close,
    connect: async () => {
      if (closing) throw new Error('this server was stopped; create a new one');
      await store?.connect();
    },
    publish: (event, data, key) => {
      if (store !== undefined) throw new TypeError(REDIS_MODE_PUBLISH);
      return coalescer.publish(event, data, key);
    },
    publishAsync: async (event, data, key) => {
      if (store !== undefined) return publishToStore(event, data, key);
      const result = coalescer.publish(event, data, key);
      return 'id' in result ? { id: String(result.id) } : result;
    },
    stats: () => ({
      subscribers: eventStreams.size,
      chatStreams: chatStreams.size,
      connections: connections.size,
      refusedConnections: connections.refused,
      lastEventId: hub.lastId,
      coalescing: coalescer.stats(),
      ...(store?.connected === true ? { redis: { healthy: store.healthy, lastId: store.mirror.last.id, bufferedBytes: store.mirror.bufferedBytes } } : {}),
    }),

    async start() {
      if (closing) throw new Error('this server was stopped; create a new one');
      // Redis first: an instance that cannot reach it must not take traffic (a StoreUnavailableError).
      await store?.connect();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.removeListener('error', reject);
          resolve();
        });
      });
      open();
      const { port } = httpServer.address() as AddressInfo;
      return { url: formatUrl(config.host, port, config.basePath), port };
    },

    stop() {
      stopPromise ??= (async () => {
        if (config.drainDelayMs > 0 && httpServer.listening) {
          draining = true;
          await new Promise((resolve) => setTimeout(resolve, config.drainDelayMs));
        }
        const serverClosed = httpServer.listening
          ? new Promise<void>((resolve) => httpServer.close(() => resolve()))
          : Promise.resolve();
        // Anything still busy when the grace period ends (a client that stopped reading, a
        // half-sent request body) is cut, so stop() settles in about shutdownGraceMs at worst.
        const deadline = setTimeout(() => connections.destroyAll(), config.shutdownGraceMs);
        const streamsClosed = close();
        connections.drain();
        await streamsClosed;
        await serverClosed;
        clearTimeout(deadline);
      })();
      return stopPromise;
    },
  };
}

/** A slice read from Redis for a client behind the local buffer: at most 256 KiB (and one entry at least). */
const REDIS_READ_BATCH_BYTES = 256 * 1024;

const REDIS_MODE_PUBLISH = 'in Redis mode publishing waits for Redis: use publishAsync()';

function pathOf(req: IncomingMessage | undefined): string {
  return parseRequestUrl(req?.url)?.pathname ?? '?';
}

function parseRequestUrl(target = '/'): URL | undefined {
  try {
    // Prefixing keeps "//events" a path; new URL("//events", base) would read it as a host.
    return target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target);
  } catch {
    return undefined;
  }
}

function stripBasePath(pathname: string, basePath: string): string | undefined {
  if (basePath === '') return pathname;
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
}

function formatUrl(host: string, port: number, basePath: string): string {
  const hostname = host.includes(':') ? `[${host}]` : host;
  return `http://${hostname}:${port}${basePath}/`;
}
