import { DEFAULTS, DEFAULT_IDEMPOTENCY, DEFAULT_LIMITS, type ServerOptions } from './options.js';

/** A bad environment variable; main.ts prints the message and exits with code 2. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The options main.ts always sets, so callers need no fallbacks. */
export type Config = ServerOptions &
  Required<
    Pick<
      ServerOptions,
      | 'host'
      | 'port'
      | 'dataDir'
      | 'shutdownGraceMs'
      | 'drainDelayMs'
      | 'requestTimeoutMs'
      | 'headersTimeoutMs'
      | 'keepAliveTimeoutMs'
      | 'maxConnections'
    >
  >;

const MIB = 1024 * 1024;

/** Reads and validates every environment variable the server uses (see README). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new ConfigError(`${name}="${raw}" is invalid: expected an integer from ${min} to ${max}`);
    }
    return value;
  };

  return {
    host: read('HOST') ?? DEFAULTS.host,
    port: integer('PORT', DEFAULTS.port, 0, 65_535),
    dataDir: read('DATA_DIR') ?? DEFAULTS.dataDir,
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', DEFAULTS.shutdownGraceMs, 0, 60_000),
    drainDelayMs: integer('DRAIN_DELAY_MS', DEFAULTS.drainDelayMs, 0, 300_000),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', DEFAULTS.requestTimeoutMs, 0, 24 * 60 * 60 * 1000),
    headersTimeoutMs: integer('HEADERS_TIMEOUT_MS', DEFAULTS.headersTimeoutMs, 100, 300_000),
    keepAliveTimeoutMs: integer('KEEP_ALIVE_TIMEOUT_MS', DEFAULTS.keepAliveTimeoutMs, 0, 3_600_000),
    maxConnections: integer('MAX_CONNECTIONS', DEFAULTS.maxConnections, 1, 1_000_000),
    limits: {
      maxBodyBytes: integer('MAX_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes, 1, Number.MAX_SAFE_INTEGER),
      maxJsonBodyBytes: integer('MAX_JSON_BODY_BYTES', DEFAULT_LIMITS.maxJsonBodyBytes, 1, 512 * MIB),
      maxLineBytes: integer('MAX_LINE_BYTES', DEFAULT_LIMITS.maxLineBytes, 64, 16 * MIB),
      maxRejected: integer('MAX_REJECTED', DEFAULT_LIMITS.maxRejected, 0, 10_000),
      maxPageSize: integer('MAX_PAGE_SIZE', DEFAULT_LIMITS.maxPageSize, 1, 10_000),
      maxConcurrentIngests: integer('MAX_CONCURRENT_INGESTS', DEFAULT_LIMITS.maxConcurrentIngests, 1, 10_000),
      maxConcurrentIngestsPerIp: integer(
        'MAX_CONCURRENT_INGESTS_PER_IP',
        DEFAULT_LIMITS.maxConcurrentIngestsPerIp,
        1,
        10_000,
      ),
      bodyIdleTimeoutMs: integer('BODY_IDLE_TIMEOUT_MS', DEFAULT_LIMITS.bodyIdleTimeoutMs, 0, 3_600_000),
      minBodyBytesPerSecond: integer(
        'BODY_MIN_BYTES_PER_SECOND',
        DEFAULT_LIMITS.minBodyBytesPerSecond,
        0,
        Number.MAX_SAFE_INTEGER,
      ),
    },
    idempotency: {
      ttlMs: integer('IDEMPOTENCY_TTL_SECONDS', DEFAULT_IDEMPOTENCY.ttlMs / 1000, 1, 30 * 24 * 60 * 60) * 1000,
      maxKeys: integer('IDEMPOTENCY_MAX_KEYS', DEFAULT_IDEMPOTENCY.maxKeys, 0, 10_000_000),
      maxBytes: integer('IDEMPOTENCY_MAX_BYTES', DEFAULT_IDEMPOTENCY.maxBytes, 0, Number.MAX_SAFE_INTEGER),
    },
  };
}
