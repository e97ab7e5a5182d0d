// Every limit a public deployment of the demo server needs, with defaults that are safe on the
// open internet. config.ts maps DEMO_* env vars onto these; createDemoServer() takes them directly.

export interface DemoLimits {
  /** Open streaming connections (WebSockets, event streams, gRPC-Web streams) per client address. */
  connectionsPerIp: number;
  /** Open streaming connections in total, all demos and addresses together. */
  totalClients: number;
  /** Chat messages a WebSocket connection may send per second (sustained). */
  messagesPerSecond: number;
  /** Chat rooms one WebSocket connection may be in. */
  roomsPerClient: number;
  /** Largest WebSocket message, SSE chat body or ingest upload, in bytes. */
  maxPayloadBytes: number;
  /** A streaming connection is cut after this long (the demo reconnects); bounds a forgotten tab. */
  maxConnectionMs: number;
  /** Keep-alive sockets with no request in flight are closed after this long. */
  idleTimeoutMs: number;
  /**
   * Open TCP sockets per client address, of any kind (page loads, keep-alive, streams). Over it a
   * new socket gets 429 with `Connection: close` and is closed. Keep it above connectionsPerIp
   * plus a browser's 6 page-load sockets.
   */
  socketsPerIp: number;
  /**
   * Open TCP sockets in total. Over it a new socket gets 503 with `Connection: close`; from this
   * plus REFUSAL_HEADROOM on, Node's `maxConnections` closes it at once with no answer at all.
   */
  maxSockets: number;
  /** Race sessions one client address may hold; a new one replaces its idle one, else 429. */
  racesPerIp: number;
  /** A race session with no subscriber on any transport stops ticking, and ends after this long. */
  raceIdleMs: number;
  /**
   * Ingest uploads one client address may run at once (the http starter's
   * maxConcurrentIngestsPerIp; 16 in all). Demo uploads are small and end in milliseconds.
   */
  ingestsPerIp: number;
  /**
   * Bytes the ingest demo's store (an append-only log every reader writes to) may hold. Once
   * full, the next upload is told to retry in a second and the store is replaced by an empty
   * one: without it, uploads on a public server would grow the log until the disk is full.
   */
  ingestStoreBytes: number;
  /**
   * A connection with a request running (an event stream, a gRPC-Web stream, an upload) on which
   * no byte has moved either way for this long is closed, as the grpc-web starter's
   * WEB_STALL_TIMEOUT_MS does: streams write only as fast as the reader reads, so a reader that
   * stopped (a frozen tab, a socket never read) would hold its stream and its connection slot
   * until maxConnectionMs. Never below 2 s: the slowest feed (a race at 1 tick a second) writes every second.
   */
  stallTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<DemoLimits> = {
  connectionsPerIp: 20,
  totalClients: 500,
  messagesPerSecond: 10,
  roomsPerClient: 3,
  maxPayloadBytes: 64 * 1024,
  maxConnectionMs: 15 * 60_000,
  idleTimeoutMs: 65_000,
  socketsPerIp: 64,
  maxSockets: 2_000,
  racesPerIp: 3,
  raceIdleMs: 30_000,
  ingestsPerIp: 8,
  ingestStoreBytes: 64 * 1024 * 1024,
  stallTimeoutMs: 60_000,
};

/** The least stallTimeoutMs in force: twice the slowest feed's interval (a race at 1 tick a second). */
export const MIN_STALL_TIMEOUT_MS = 2_000;

/** Sockets Node still accepts above maxSockets, only to tell them 503; beyond, maxConnections drops them unanswered. */
export const REFUSAL_HEADROOM = 256;

/** Fills defaults and refuses nonsense (not a positive integer) with the option's name. */
export function resolveLimits(limits: Partial<DemoLimits> = {}): DemoLimits {
  const resolved: DemoLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof DemoLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`limit ${key} must be a positive integer, got ${String(value)}`);
    }
    resolved[key] = value;
  }
  return resolved;
}
