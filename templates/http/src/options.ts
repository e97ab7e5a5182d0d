import type { RecordStore } from './record-store.js';

/** Every limit the server enforces. Each one keeps a single request's memory bounded. */
export interface Limits {
  /** Largest request body, in bytes, for any content type (413 above it). */
  maxBodyBytes: number;
  /** Largest application/json body: JSON is parsed whole, so it gets its own, lower cap. */
  maxJsonBodyBytes: number;
  /** Longest NDJSON line in bytes; the splitter never holds more than this of one line. */
  maxLineBytes: number;
  /** How many rejected records the 202 answer lists; the rest are only counted. */
  maxRejected: number;
  /** Largest page GET /records returns. */
  maxPageSize: number;
  /** Ingests running at once; the next one gets 503 BUSY with Retry-After. */
  maxConcurrentIngests: number;
  /**
   * Of those, how many one remote address may hold; the next gets 429 CLIENT_BUSY. Without it
   * one client dripping just above minBodyBytesPerSecond holds every slot (issue 15). Behind a
   * proxy every client has the proxy's address: raise it there (or limit at the proxy).
   */
  maxConcurrentIngestsPerIp: number;
  /** An upload that sends no body byte for this long gets 408 BODY_TIMEOUT; 0 turns it off. */
  bodyIdleTimeoutMs: number;
  /** Each bodyIdleTimeoutMs of waiting must bring at least this rate (408 otherwise); 0 turns it off. */
  minBodyBytesPerSecond: number;
}

export interface IdempotencyOptions {
  /** How long a stored answer can be replayed. */
  ttlMs: number;
  /** How many answers are remembered; the oldest go first. */
  maxKeys: number;
  /** Bytes of remembered answers (each carries up to maxRejected messages); the oldest go first. */
  maxBytes: number;
}

export interface ServerOptions {
  host?: string;
  /** 0 picks a free port; start() reports the real one. */
  port?: number;
  /** Where the default file store keeps records.ndjson. Ignored when `store` is given. */
  dataDir?: string;
  /** Bring your own store (a database); the server then never touches dataDir. */
  store?: RecordStore;
  limits?: Partial<Limits>;
  idempotency?: Partial<IdempotencyOptions>;
  /** How long stop() lets in-flight requests finish before closing their connections. */
  shutdownGraceMs?: number;
  /** Node's per-request time limit (headers and body); a slow 1 GB upload needs it long. */
  requestTimeoutMs?: number;
  /** Time to receive a request's headers (slowloris); also frees connections that never send one. */
  headersTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open: above the load balancer's own idle timeout. */
  keepAliveTimeoutMs?: number;
  /** Open connections at most; new ones beyond it are closed at once. */
  maxConnections?: number;
  /** drain(): how long /healthz answers 503 while everything else is still served. */
  drainDelayMs?: number;
  /** Path prefix when a host server mounts handleRequest, e.g. "/http". */
  basePath?: string;
  /** Where unexpected errors are reported. */
  logError?: (message: string, error: unknown) => void;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxBodyBytes: 10 * 1024 * 1024,
  maxJsonBodyBytes: 1024 * 1024,
  maxLineBytes: 64 * 1024,
  maxRejected: 100,
  maxPageSize: 1000,
  maxConcurrentIngests: 16,
  maxConcurrentIngestsPerIp: 4,
  bodyIdleTimeoutMs: 10_000,
  minBodyBytesPerSecond: 1024,
};

export const DEFAULT_IDEMPOTENCY: Readonly<IdempotencyOptions> = {
  ttlMs: 24 * 60 * 60 * 1000,
  maxKeys: 10_000,
  maxBytes: 16 * 1024 * 1024,
};

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 3000,
  dataDir: './data',
  shutdownGraceMs: 3000,
  requestTimeoutMs: 300_000,
  headersTimeoutMs: 10_000,
  // AWS ALB, nginx (keepalive_timeout) and Azure Front Door close idle connections after 60 s:
  // the server must outlast them, or it closes a connection the balancer is about to reuse
  // (a 502 for the client). Google Cloud's load balancers need 620 s: set it there.
  keepAliveTimeoutMs: 65_000,
  maxConnections: 10_000,
  drainDelayMs: 5000,
  basePath: '',
} as const;
