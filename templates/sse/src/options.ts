import { fileURLToPath } from 'node:url';
import type { ChatModel } from './chat-model.js';
import { MAX_COALESCE_MS } from './coalescer.js';
import type { EventHub } from './event-hub.js';

export interface ServerOptions {
  /** Interface to listen on. */
  host?: string;
  /** Port to listen on; 0 picks a free one (tests). */
  port?: number;
  /** How often the simulated temperature feed publishes; 0 turns the feed off. */
  feedIntervalMs?: number;
  /** How often every open stream gets a `: keep-alive` comment; 0 turns them off. */
  keepAliveMs?: number;
  /** The `retry:` sent first on /events: how long EventSource waits before reconnecting. */
  retryMs?: number;
  /** How many recent events are kept for Last-Event-ID resume; at least 1 (live events pass through it). */
  replayBuffer?: number;
  /**
   * The same buffer bounded in bytes (each event's frame plus its data): the oldest events are
   * dropped past it, the newest is always kept. A count alone lets a few big events hold gigabytes.
   */
  replayBufferBytes?: number;
  /** Bearer token for POST /publish; undefined disables publishing (403). */
  publishToken?: string | undefined;
  /** Largest accepted POST /publish body. */
  maxBodyBytes?: number;
  /**
   * Most events in one batch POST /publish `{ "events": [...] }` (the body limit applies too).
   * Default 250, or a quarter of replayBuffer when that is smaller; at most replayBuffer. A batch
   * lands in one turn, and a subscriber whose socket is full can only wait for it in the replay
   * buffer: batches as big as the buffer, sent back to back, push even a fast reader into a reset.
   */
  maxPublishBatch?: number;
  /**
   * Largest accepted POST /chat/stream body. Small on purpose: this route needs no token, so a
   * stranger's upload must cost little; a prompt and its history fit in 64 KiB.
   */
  maxChatBodyBytes?: number;
  /** A client whose socket buffer stays full this long is disconnected. */
  slowSubscriberTimeoutMs?: number;
  /** Concurrent GET /events streams; more get 503. */
  maxSubscribers?: number;
  /** Concurrent POST /chat/stream requests, counted from their headers (bodies still arriving included); more get 503. */
  maxChatStreams?: number;
  /** Open TCP connections at most; a connection over it is closed before a byte is read. */
  maxConnections?: number;
  /**
   * Open TCP connections from one address at most; a connection over it is closed at once. 0: off.
   * Behind a reverse proxy every client has the proxy's address: set it to maxConnections or 0.
   */
  maxConnectionsPerIp?: number;
  /** Time to receive a request's headers (slowloris); then 408 and close. */
  headersTimeoutMs?: number;
  /** Time to receive a whole request, body included; then 408 and close. Streams sent back are not limited. */
  requestTimeoutMs?: number;
  /**
   * How long an idle keep-alive connection stays open. Above the idle timeout of the load
   * balancer in front (AWS ALB and nginx: 60 s), so that the balancer, not this server, closes
   * idle connections: otherwise it may send a request on a connection this server is closing
   * (a 502). Google Cloud's balancers keep connections 600 s: set 620000 there.
   */
  keepAliveTimeoutMs?: number;
  /**
   * On stop(), how long /healthz answers 503 while everything else is still served, so that a
   * load balancer takes this instance out of rotation before its streams end. 0: stop at once.
   */
  drainDelayMs?: number;
  /** On stop, how long streams get to flush before their sockets are destroyed. */
  shutdownGraceMs?: number;
  /**
   * Coalescing window for keyed publishes ("latest value wins" per event and key); 0 turns it
   * off and publishes every value at once; at most 60000 (MAX_COALESCE_MS). See src/coalescer.ts.
   */
  coalesceMs?: number;
  /**
   * Distinct (event, key) pairs a window may hold; a new key over it closes the window early.
   * Defaults to replayBuffer and may not exceed it, so that one window's flush fits in the
   * replay buffer and a subscriber that keeps up never gets a reset because of one flush
   * (several in one turn, from a flood of distinct keys, can overrun it like any burst).
   */
  maxCoalesceKeys?: number;
  /**
   * A busy server writes each event stream at most once per this many ms; 0 writes at the end
   * of every I/O turn in which events were published. An event published when the streams were
   * last written at least this long ago still goes out at the end of its turn (no added latency
   * on a quiet server); under load events wait at most this long and leave together, one write
   * per stream for many events (each small write costs the server several microseconds of CPU
   * whatever its size). Default 5: a screen shows at most ~60-120 updates a second (8-16 ms a
   * frame), so 5 ms is below what a reader can see. At most 1000 (MAX_WRITE_BATCH_MS). Redis
   * mode ignores it (its subscribers are woken by the mirror). See src/turn-fanout.ts.
   */
  writeBatchMs?: number;
  /**
   * The write window holds only while events ask for at least this many deliveries (events x
   * streams) a second, measured over the last ~100 ms; below it every turn is delivered at its
   * end, as with writeBatchMs 0, so a server with CPU to spare adds no latency. Default 50,000:
   * about a third of a core of loopback writes, one per delivery, on a small VM. 0: the window
   * holds at any rate. See src/turn-fanout.ts.
   */
  writeBatchAbove?: number;
  /** The token source for /chat/stream; defaults to the deterministic demo model. */
  model?: ChatModel;
  /** Where events get ids; defaults to an in-memory hub with `replayBuffer` events. */
  hub?: EventHub;
  /**
   * Redis mode (REDIS_URL): events go to a Redis Stream, ids are its `<ms>-<seq>` ids, and any
   * instance can resume any client. Empty or undefined: in-process mode, Redis never loaded.
   * See src/redis-store.ts and the README.
   */
  redisUrl?: string | undefined;
  /** The stream's key in Redis mode; every instance behind one load balancer uses the same one. */
  redisStreamKey?: string;
  /** Redis mode: a command slower than this fails (a publish then gets 503, not 202). */
  redisTimeoutMs?: number;
  /**
   * How long a POST /publish's Idempotency-Key is remembered (in Redis in Redis mode, in memory
   * otherwise): a retry within it is answered as the first request was, and publishes nothing.
   */
  idempotencyTtlMs?: number;
  /** In-process mode: most Idempotency-Keys remembered at once (the oldest are forgotten first). */
  maxIdempotencyKeys?: number;
  /** The browser client's folder. */
  publicDir?: string;
  /** Path prefix when mounted in a host server, e.g. "/sse"; routes become /sse/events etc. */
  basePath?: string;
  /** Unexpected errors (a bug, a failing model). */
  onError?: (error: unknown) => void;
  /** Expected trouble worth one quiet line (a client that left mid-upload); default console.warn. */
  log?: (line: string) => void;
}

export type ResolvedOptions = Required<Omit<ServerOptions, 'publishToken' | 'model' | 'hub' | 'redisUrl'>> &
  Pick<ServerOptions, 'publishToken'> & { redisUrl: string };

export const DEFAULT_OPTIONS = {
  host: '127.0.0.1',
  port: 3000,
  feedIntervalMs: 1000,
  keepAliveMs: 15_000,
  retryMs: 3000,
  replayBuffer: 1000,
  replayBufferBytes: 16 * 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  maxPublishBatch: 250,
  maxChatBodyBytes: 64 * 1024,
  slowSubscriberTimeoutMs: 10_000,
  maxSubscribers: 10_000,
  maxChatStreams: 100,
  maxConnections: 12_000,
  maxConnectionsPerIp: 1000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  drainDelayMs: 0,
  shutdownGraceMs: 2000,
  coalesceMs: 0,
  writeBatchMs: 5,
  writeBatchAbove: 50_000,
  redisTimeoutMs: 2000,
  // A day, as payment APIs keep theirs: longer than any publisher's retry schedule.
  idempotencyTtlMs: 86_400_000,
  maxIdempotencyKeys: 100_000,
} as const;

/**
 * The longest write window (writeBatchMs, WRITE_BATCH_MS): a window is added latency under
 * load, and past a second it is a delay no live feed wants, not batching.
 */
export const MAX_WRITE_BATCH_MS = 1000;

/** The Redis Stream's key unless REDIS_STREAM_KEY says otherwise. */
export const DEFAULT_REDIS_STREAM_KEY = 'sse:events';

const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** Fills in the defaults and refuses values that would make a limit meaningless. */
export function resolveOptions(options: ServerOptions): ResolvedOptions {
  const resolved = {
    ...DEFAULT_OPTIONS,
    publicDir: DEFAULT_PUBLIC_DIR,
    basePath: '',
    redisUrl: '',
    redisStreamKey: DEFAULT_REDIS_STREAM_KEY,
    onError: (error: unknown) => console.error(error),
    log: (line: string) => console.warn(line),
    ...withoutUndefined(options),
  };
  for (const key of Object.keys(DEFAULT_OPTIONS) as (keyof typeof DEFAULT_OPTIONS)[]) {
    const value = resolved[key];
    if (key === 'host') continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`option ${key} must be a non-negative integer, got ${String(value)}`);
    }
  }
  if (resolved.replayBuffer < 1) throw new RangeError('option replayBuffer must be at least 1');
  // maxConnectionsPerIp may be 0 (off): behind one reverse proxy every client has its address.
  for (const key of ['maxConnections', 'headersTimeoutMs', 'requestTimeoutMs', 'maxChatBodyBytes', 'maxPublishBatch', 'idempotencyTtlMs', 'maxIdempotencyKeys'] as const) {
    if (resolved[key] < 1) throw new RangeError(`option ${key} must be at least 1`);
  }
  // Node refuses a headers timeout longer than the request timeout.
  if (resolved.headersTimeoutMs > resolved.requestTimeoutMs) {
    throw new RangeError(`option headersTimeoutMs (${resolved.headersTimeoutMs}) must not exceed requestTimeoutMs (${resolved.requestTimeoutMs})`);
  }
  if (resolved.coalesceMs > MAX_COALESCE_MS) {
    throw new RangeError(`option coalesceMs must be at most ${MAX_COALESCE_MS}, got ${resolved.coalesceMs}`);
  }
  if (resolved.writeBatchMs > MAX_WRITE_BATCH_MS) {
    throw new RangeError(`option writeBatchMs must be at most ${MAX_WRITE_BATCH_MS}, got ${resolved.writeBatchMs}`);
  }
  const maxPublishBatch = options.maxPublishBatch ?? defaultPublishBatch(resolved.replayBuffer);
  const batchProblem = checkMaxPublishBatch(maxPublishBatch, resolved.replayBuffer);
  if (batchProblem !== undefined) throw new RangeError(`option ${batchProblem}`);
  const maxCoalesceKeys = resolved.maxCoalesceKeys ?? resolved.replayBuffer;
  const keysProblem = checkMaxCoalesceKeys(maxCoalesceKeys, resolved.replayBuffer);
  if (keysProblem !== undefined) throw new RangeError(`option ${keysProblem}`);
  if (resolved.basePath !== '' && (!resolved.basePath.startsWith('/') || resolved.basePath.endsWith('/'))) {
    throw new RangeError(`option basePath must start with "/" and not end with one, got ${resolved.basePath}`);
  }
  if (resolved.publishToken === '') throw new RangeError('option publishToken must not be empty');
  const redisProblem = checkRedisOptions(resolved.redisUrl, resolved.redisStreamKey, resolved.coalesceMs);
  if (redisProblem !== undefined) throw new RangeError(`option ${redisProblem}`);
  if (resolved.redisUrl !== '' && options.hub !== undefined) throw new RangeError('options hub and redisUrl exclude each other: Redis mode keeps events in Redis');
  return { ...resolved, maxPublishBatch, maxCoalesceKeys };
}

/** 250 events, or a quarter of the replay buffer when that is smaller: see maxPublishBatch. */
export function defaultPublishBatch(replayBuffer: number): number {
  return Math.max(1, Math.min(DEFAULT_OPTIONS.maxPublishBatch, Math.floor(replayBuffer / 4)));
}

/** One batch must fit in the replay buffer. Shared with config.ts, which reports it by variable name. */
export function checkMaxPublishBatch(maxPublishBatch: number, replayBuffer: number): string | undefined {
  if (maxPublishBatch > replayBuffer) {
    return `maxPublishBatch (${maxPublishBatch}) must not exceed replayBuffer (${replayBuffer}): one batch must fit in the replay buffer`;
  }
  return undefined;
}

/**
 * A window's flush publishes up to maxCoalesceKeys events in one go; with more than the replay
 * buffer holds, a subscriber still writing the first ones would lose the rest (and get a
 * reset). Shared with config.ts, which reports it by variable name.
 */
export function checkMaxCoalesceKeys(maxCoalesceKeys: number, replayBuffer: number): string | undefined {
  if (!Number.isSafeInteger(maxCoalesceKeys) || maxCoalesceKeys < 1) {
    return `maxCoalesceKeys must be a positive integer, got ${String(maxCoalesceKeys)}`;
  }
  if (maxCoalesceKeys > replayBuffer) {
    return `maxCoalesceKeys (${maxCoalesceKeys}) must not exceed replayBuffer (${replayBuffer}): one window's flush must fit in the replay buffer`;
  }
  return undefined;
}

/**
 * Redis mode's rules, shared with config.ts. Coalescing is off there: a window per instance would
 * flush the same key from every instance, and its ids would not be the stream's until flushed.
 */
export function checkRedisOptions(redisUrl: string, streamKey: string, coalesceMs: number): string | undefined {
  if (redisUrl === '') return undefined;
  let protocol: string;
  try {
    protocol = new URL(redisUrl).protocol;
  } catch {
    return 'redisUrl must be a URL like redis://host:6379';
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') return `redisUrl must start with redis:// or rediss://, got ${protocol}//`;
  if (!/^[\x21-\x7e]{1,200}$/.test(streamKey)) return 'redisStreamKey must be 1 to 200 printable ASCII characters without spaces';
  if (coalesceMs > 0) return 'coalesceMs is not supported in Redis mode (redisUrl): leave it 0';
  return undefined;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

