// Every limit of the chat is an option with a safe default. src/config.ts maps env vars onto
// these; createChat()/createServer() accept them directly (tests, hosts, benchmarks).

export interface ChatOptions {
  /** Ping interval; a connection that has not answered the previous ping is terminated. */
  heartbeatMs: number;
  /** Largest accepted message in bytes; bigger ones close the connection with 1009. */
  maxPayload: number;
  /** A connection whose unsent data passes this many bytes is closed with 1013. */
  maxBufferedBytes: number;
  /** Open connections at most; further upgrades get HTTP 503. */
  maxClients: number;
  maxRoomsPerClient: number;
  maxRoomNameLength: number;
  maxTextLength: number;
  /** Sustained messages per second per connection (token bucket refill rate). */
  messageRate: number;
  /** Messages a connection may send in a burst (token bucket size). */
  messageBurst: number;
  /** How long a close (1001, 1013) waits for the peer's close frame before the socket is destroyed. */
  closeTimeoutMs: number;
  /**
   * While broadcasts keep coming, each socket is written at most once per this many ms; an
   * event on a quiet server still goes out at once (see src/broadcast.ts). Each write(2) costs
   * several µs of CPU whatever it carries, so this sets the CPU per delivery under load. The
   * default, 5 ms, is well under a frame of a 60 Hz screen (16.7 ms): a page cannot show the
   * difference. 0: write at the end of every tick, for clients that need every event at the
   * lowest latency and a server with CPU to spare.
   */
  writeBatchMs: number;
  /**
   * The window holds only while broadcasts ask for at least this many deliveries (messages x
   * members) a second, measured over the last ~100 ms; below it every tick's broadcasts go out at
   * its end, as with writeBatchMs 0 (src/broadcast.ts). Default 50,000: about a third of a core of
   * loopback writes, one per delivery, on a small VM. 0: the window holds at any rate.
   */
  writeBatchAbove: number;
  /**
   * Exact origins (scheme://host[:port]) a browser may connect from. Undefined: same origin,
   * i.e. the Origin's host:port must equal the request's Host header. createServer() narrows
   * that default to the address it listens on.
   */
  allowedOrigins: readonly string[] | undefined;
  /** Shared secret required as `Authorization: Bearer <token>` or `?token=`. Undefined: no auth. */
  authToken: string | undefined;
  /**
   * redis:// or rediss:// URL. Set: room messages and typing go through Redis pub/sub, so
   * clients of every instance sharing that Redis share rooms. Undefined: in-process fan-out,
   * and the Redis client is never loaded.
   */
  redisUrl: string | undefined;
}

export const CHAT_DEFAULTS: ChatOptions = {
  heartbeatMs: 30_000,
  maxPayload: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  maxClients: 10_000,
  maxRoomsPerClient: 10,
  maxRoomNameLength: 64,
  maxTextLength: 2_000,
  messageRate: 20,
  messageBurst: 40,
  closeTimeoutMs: 2_000,
  writeBatchMs: 5,
  writeBatchAbove: 50_000,
  allowedOrigins: undefined,
  authToken: undefined,
  redisUrl: undefined,
};

/** writeBatchMs at most: delays are visible well before a second. */
export const MAX_WRITE_BATCH_MS = 1_000;

const POSITIVE_INTEGERS = [
  'heartbeatMs',
  'maxPayload',
  'maxBufferedBytes',
  'maxClients',
  'maxRoomsPerClient',
  'maxRoomNameLength',
  'maxTextLength',
  'messageRate',
  'messageBurst',
  'closeTimeoutMs',
] as const satisfies readonly (keyof ChatOptions)[];

export function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // The path, if any, is the database number (node-redis throws "Invalid pathname" otherwise,
    // from inside start(), where it read as a listen failure).
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' && /^\/?\d*$/.test(url.pathname);
  } catch {
    return false;
  }
}

/** Fills defaults and rejects nonsense early, so a typo fails at startup, not under load. */
export function resolveChatOptions(options: Partial<ChatOptions> = {}): ChatOptions {
  const resolved: ChatOptions = { ...CHAT_DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof ChatOptions, unknown][]) {
    // An explicit `undefined` means "use the default", as with a missing key.
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of POSITIVE_INTEGERS) {
    const value = resolved[key];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${key} must be a positive integer, got ${String(value)}`);
    }
  }
  // 0 is allowed (no window); a window past a second would read as a stalled connection.
  if (!Number.isSafeInteger(resolved.writeBatchMs) || resolved.writeBatchMs < 0 || resolved.writeBatchMs > MAX_WRITE_BATCH_MS) {
    throw new RangeError(`writeBatchMs must be an integer from 0 to ${MAX_WRITE_BATCH_MS}, got ${String(resolved.writeBatchMs)}`);
  }
  if (!Number.isSafeInteger(resolved.writeBatchAbove) || resolved.writeBatchAbove < 0) {
    throw new RangeError(`writeBatchAbove must be a non-negative integer (deliveries per second), got ${String(resolved.writeBatchAbove)}`);
  }
  if (resolved.authToken !== undefined && resolved.authToken.length === 0) {
    throw new RangeError('authToken must not be empty (leave it undefined to disable auth)');
  }
  if (resolved.redisUrl !== undefined && !isRedisUrl(resolved.redisUrl)) {
    throw new RangeError('redisUrl must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379');
  }
  return resolved;
}

/** Limits of the HTTP server around the chat (createServer only; a host server has its own). */
export interface ServerLimits {
  /** On stop(), how long /healthz answers 503 while everything else is still served. 0: stop at once. */
  drainDelayMs: number;
  /** Open TCP connections at most; more are closed on arrival. */
  maxConnections: number;
  /**
   * Open TCP connections from one address at most; more are closed on arrival. 0: off.
   * Behind a reverse proxy every client has the proxy's address: set it to maxConnections or 0.
   */
  maxConnectionsPerIp: number;
  /** Time to receive a request's headers, upgrade requests included (slowloris); then 408. */
  headersTimeoutMs: number;
  /** Time to receive a whole request; then 408. Does not limit an upgraded connection. */
  requestTimeoutMs: number;
  /**
   * Idle keep-alive connections are closed after this. Above the load balancer's own idle
   * timeout (AWS ALB and nginx: 60 s) so the balancer, not this server, closes idle connections
   * (otherwise it can reuse one this server is closing: a 502). Google Cloud: 620000.
   */
  keepAliveTimeoutMs: number;
}

export const SERVER_DEFAULTS: ServerLimits = {
  drainDelayMs: 0,
  maxConnections: 12_000,
  maxConnectionsPerIp: 1_000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
};

/** Fills defaults for the server limits and refuses values Node would refuse later. */
export function resolveServerLimits(options: { [K in keyof ServerLimits]?: number | undefined }): ServerLimits {
  const resolved: ServerLimits = { ...SERVER_DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof ServerLimits, unknown][]) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${key} must be a non-negative integer, got ${String(value)}`);
    }
    resolved[key] = value;
  }
  // maxConnectionsPerIp may be 0 (off): behind one reverse proxy every client has its address.
  for (const key of ['maxConnections', 'headersTimeoutMs', 'requestTimeoutMs'] as const) {
    if (resolved[key] < 1) throw new RangeError(`${key} must be at least 1`);
  }
  if (resolved.headersTimeoutMs > resolved.requestTimeoutMs) {
    throw new RangeError(`headersTimeoutMs (${resolved.headersTimeoutMs}) must not exceed requestTimeoutMs (${resolved.requestTimeoutMs})`);
  }
  return resolved;
}
