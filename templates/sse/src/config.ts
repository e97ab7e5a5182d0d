import { MAX_COALESCE_MS } from './coalescer.js';
import {
  checkMaxCoalesceKeys,
  checkMaxPublishBatch,
  checkRedisOptions,
  DEFAULT_OPTIONS,
  DEFAULT_REDIS_STREAM_KEY,
  MAX_WRITE_BATCH_MS,
  type ServerOptions,
} from './options.js';

/** Thrown for a bad environment variable; main.ts prints the message and exits with code 2. */
export class ConfigError extends Error {
  readonly code = 'invalid_config';

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The options that hold an integer. */
type IntegerOption = { [K in keyof ServerOptions]-?: NonNullable<ServerOptions[K]> extends number ? K : never }[keyof ServerOptions];

/** Every integer environment variable, its option and its range: the README's table is this one. */
export const INTEGER_ENV_VARS: Readonly<Record<string, { option: IntegerOption; min: number; max: number }>> = {
  PORT: { option: 'port', min: 0, max: 65_535 },
  FEED_INTERVAL_MS: { option: 'feedIntervalMs', min: 0, max: 86_400_000 },
  KEEP_ALIVE_MS: { option: 'keepAliveMs', min: 0, max: 3_600_000 },
  RETRY_MS: { option: 'retryMs', min: 0, max: 3_600_000 },
  REPLAY_BUFFER: { option: 'replayBuffer', min: 1, max: 1_000_000 },
  REPLAY_BUFFER_BYTES: { option: 'replayBufferBytes', min: 1024, max: 16 * 1024 * 1024 * 1024 },
  MAX_BODY_BYTES: { option: 'maxBodyBytes', min: 1, max: 100 * 1024 * 1024 },
  MAX_PUBLISH_BATCH: { option: 'maxPublishBatch', min: 1, max: 100_000 },
  MAX_CHAT_BODY_BYTES: { option: 'maxChatBodyBytes', min: 1, max: 100 * 1024 * 1024 },
  SLOW_SUBSCRIBER_MS: { option: 'slowSubscriberTimeoutMs', min: 1, max: 600_000 },
  MAX_SUBSCRIBERS: { option: 'maxSubscribers', min: 1, max: 1_000_000 },
  MAX_CHAT_STREAMS: { option: 'maxChatStreams', min: 1, max: 100_000 },
  MAX_CONNECTIONS: { option: 'maxConnections', min: 1, max: 10_000_000 },
  MAX_CONNECTIONS_PER_IP: { option: 'maxConnectionsPerIp', min: 0, max: 10_000_000 },
  HEADERS_TIMEOUT_MS: { option: 'headersTimeoutMs', min: 100, max: 600_000 },
  REQUEST_TIMEOUT_MS: { option: 'requestTimeoutMs', min: 100, max: 3_600_000 },
  KEEP_ALIVE_TIMEOUT_MS: { option: 'keepAliveTimeoutMs', min: 0, max: 3_600_000 },
  // After SIGTERM: /healthz answers 503 this long while everything is still served.
  DRAIN_DELAY_MS: { option: 'drainDelayMs', min: 0, max: 120_000 },
  // After the drain, stop() takes at most about this long; main.ts exits within both plus 1 s.
  SHUTDOWN_GRACE_MS: { option: 'shutdownGraceMs', min: 0, max: 4000 },
  // The same cap as the coalesceMs option (see MAX_COALESCE_MS for why).
  COALESCE_MS: { option: 'coalesceMs', min: 0, max: MAX_COALESCE_MS },
  MAX_COALESCE_KEYS: { option: 'maxCoalesceKeys', min: 1, max: 1_000_000 },
  // A busy server writes each stream at most once per this many ms (0: every I/O turn).
  WRITE_BATCH_MS: { option: 'writeBatchMs', min: 0, max: MAX_WRITE_BATCH_MS },
  // ... and only while events ask for this many deliveries a second or more (0: at any rate).
  WRITE_BATCH_ABOVE: { option: 'writeBatchAbove', min: 0, max: 1_000_000_000 },
  // Redis mode: a command slower than this fails (a publish gets 503, not 202).
  REDIS_TIMEOUT_MS: { option: 'redisTimeoutMs', min: 100, max: 60_000 },
  // POST /publish's Idempotency-Key: remembered from a second to a week.
  IDEMPOTENCY_TTL_MS: { option: 'idempotencyTtlMs', min: 1000, max: 604_800_000 },
  MAX_IDEMPOTENCY_KEYS: { option: 'maxIdempotencyKeys', min: 1, max: 10_000_000 },
};

/** A token shorter than this is too easy to guess for an endpoint that writes to every client. */
export const MIN_PUBLISH_TOKEN_LENGTH = 16;

export type Config = ServerOptions & { host: string; port: number };

/** Reads and validates the environment; unset variables take the defaults in DEFAULT_OPTIONS. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const config: Config = { host: DEFAULT_OPTIONS.host, port: DEFAULT_OPTIONS.port };

  const host = env.HOST?.trim();
  if (host !== undefined && host !== '') config.host = host;

  for (const [name, { option, min, max }] of Object.entries(INTEGER_ENV_VARS)) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      continue;
    }
    config[option] = value;
  }

  const headersTimeout = config.headersTimeoutMs ?? DEFAULT_OPTIONS.headersTimeoutMs;
  const requestTimeout = config.requestTimeoutMs ?? DEFAULT_OPTIONS.requestTimeoutMs;
  if (headersTimeout > requestTimeout) {
    problems.push(`HEADERS_TIMEOUT_MS (${headersTimeout}) must not exceed REQUEST_TIMEOUT_MS (${requestTimeout})`);
  }

  if (config.maxPublishBatch !== undefined) {
    const replayBuffer = config.replayBuffer ?? DEFAULT_OPTIONS.replayBuffer;
    if (checkMaxPublishBatch(config.maxPublishBatch, replayBuffer) !== undefined) {
      problems.push(`MAX_PUBLISH_BATCH (${config.maxPublishBatch}) must not exceed REPLAY_BUFFER (${replayBuffer}): one batch must fit in the replay buffer`);
    }
  }

  if (config.maxCoalesceKeys !== undefined) {
    const replayBuffer = config.replayBuffer ?? DEFAULT_OPTIONS.replayBuffer;
    if (checkMaxCoalesceKeys(config.maxCoalesceKeys, replayBuffer) !== undefined) {
      problems.push(
        `MAX_COALESCE_KEYS (${config.maxCoalesceKeys}) must not exceed REPLAY_BUFFER (${replayBuffer}): ` +
          "one coalescing window's flush must fit in the replay buffer",
      );
    }
  }

  const token = env.PUBLISH_TOKEN;
  if (token !== undefined && token !== '') {
    if (token.length < MIN_PUBLISH_TOKEN_LENGTH || /\s/.test(token)) {
      problems.push(
        `PUBLISH_TOKEN must be at least ${MIN_PUBLISH_TOKEN_LENGTH} characters without spaces ` +
          '(try: openssl rand -hex 32), or unset to disable POST /publish',
      );
    } else {
      config.publishToken = token;
    }
  }

  const redisUrl = env.REDIS_URL?.trim();
  if (redisUrl !== undefined && redisUrl !== '') {
    const streamKey = env.REDIS_STREAM_KEY?.trim() || DEFAULT_REDIS_STREAM_KEY;
    const problem = checkRedisOptions(redisUrl, streamKey, config.coalesceMs ?? DEFAULT_OPTIONS.coalesceMs);
    if (problem === undefined) {
      config.redisUrl = redisUrl;
      config.redisStreamKey = streamKey;
    } else {
      problems.push(
        problem
          .replace('redisUrl', 'REDIS_URL')
          .replace('redisStreamKey', 'REDIS_STREAM_KEY')
          .replace('coalesceMs', 'COALESCE_MS')
          .replace('(REDIS_URL)', '(REDIS_URL set)'),
      );
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
