import { CHAT_DEFAULTS, type ChatOptions, isRedisUrl, MAX_WRITE_BATCH_MS, SERVER_DEFAULTS, type ServerLimits } from './options.js';
import { normalizeOrigin } from './origin.js';
import type { ServerOptions } from './server.js';
import { isWildcardHost } from './wildcard-host.js';

// Environment -> typed options. A bad value stops the process at startup with a message that
// names the variable, instead of surfacing later as odd behaviour under load.

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  override readonly name = 'ConfigError';
}

type IntegerKey = 'port' | keyof ServerLimits | Exclude<
  { [K in keyof ChatOptions]: ChatOptions[K] extends number ? K : never }[keyof ChatOptions],
  'maxRoomNameLength' | 'closeTimeoutMs'
>;

/** The integer variables: env name, option, bounds. README's table lists the same. */
export const INTEGER_VARS: readonly { env: string; key: IntegerKey; min: number; max: number }[] = [
  { env: 'PORT', key: 'port', min: 0, max: 65_535 },
  { env: 'HEARTBEAT_MS', key: 'heartbeatMs', min: 10, max: 3_600_000 },
  { env: 'MAX_PAYLOAD', key: 'maxPayload', min: 1_024, max: 100 * 1024 * 1024 },
  { env: 'MAX_BUFFERED_BYTES', key: 'maxBufferedBytes', min: 1_024, max: 1024 * 1024 * 1024 },
  { env: 'MAX_CLIENTS', key: 'maxClients', min: 1, max: 10_000_000 },
  { env: 'MAX_ROOMS_PER_CLIENT', key: 'maxRoomsPerClient', min: 1, max: 10_000 },
  { env: 'MAX_TEXT_LENGTH', key: 'maxTextLength', min: 1, max: 10_000_000 },
  { env: 'MESSAGE_RATE', key: 'messageRate', min: 1, max: 1_000_000 },
  { env: 'MESSAGE_BURST', key: 'messageBurst', min: 1, max: 1_000_000 },
  // Busy server: each socket written at most once per this many ms (0: at the end of every tick).
  { env: 'WRITE_BATCH_MS', key: 'writeBatchMs', min: 0, max: MAX_WRITE_BATCH_MS },
  // ... and only while broadcasts ask for this many deliveries a second or more (0: at any rate).
  { env: 'WRITE_BATCH_ABOVE', key: 'writeBatchAbove', min: 0, max: 1_000_000_000 },
  // After SIGTERM, /healthz answers 503 this long while everything is still served.
  { env: 'DRAIN_DELAY_MS', key: 'drainDelayMs', min: 0, max: 120_000 },
  { env: 'MAX_CONNECTIONS', key: 'maxConnections', min: 1, max: 10_000_000 },
  { env: 'MAX_CONNECTIONS_PER_IP', key: 'maxConnectionsPerIp', min: 0, max: 10_000_000 },
  { env: 'HEADERS_TIMEOUT_MS', key: 'headersTimeoutMs', min: 100, max: 600_000 },
  { env: 'REQUEST_TIMEOUT_MS', key: 'requestTimeoutMs', min: 100, max: 3_600_000 },
  { env: 'KEEP_ALIVE_TIMEOUT_MS', key: 'keepAliveTimeoutMs', min: 0, max: 3_600_000 },
];

export const MIN_AUTH_TOKEN_LENGTH = 16;

export type Config = ChatOptions &
  ServerLimits &
  Pick<ServerOptions, 'wsPath' | 'publicDir'> & { host: string; port: number };

function parseInteger(env: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${env} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config: Config = { host: '127.0.0.1', port: 8080, ...CHAT_DEFAULTS, ...SERVER_DEFAULTS };

  const host = env['HOST']?.trim();
  if (host !== undefined && host !== '') config.host = host;

  for (const { env: name, key, min, max } of INTEGER_VARS) {
    const raw = env[name];
    if (raw !== undefined && raw.trim() !== '') config[key] = parseInteger(name, raw, min, max);
  }

  const origins = env['ALLOWED_ORIGINS'];
  if (origins !== undefined && origins.trim() !== '') {
    config.allowedOrigins = origins
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '')
      .map((origin) => {
        try {
          return normalizeOrigin(origin);
        } catch {
          throw new ConfigError(`ALLOWED_ORIGINS: "${origin}" is not an origin like https://chat.example.com`);
        }
      });
  }

  const token = env['AUTH_TOKEN'];
  if (token !== undefined && token !== '') {
    if (token.length < MIN_AUTH_TOKEN_LENGTH) {
      throw new ConfigError(`AUTH_TOKEN must be at least ${MIN_AUTH_TOKEN_LENGTH} characters`);
    }
    config.authToken = token;
  }

  const redisUrl = env['REDIS_URL']?.trim();
  if (redisUrl !== undefined && redisUrl !== '') {
    // The URL may carry a password: the message names the variable, never its value.
    if (!isRedisUrl(redisUrl)) throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379 (a path, if any, is the database number: /0)');
    config.redisUrl = redisUrl;
  }

  // Reachable from other machines, the server cannot tell its own origin from a DNS-rebinding
  // page's (both send Origin and Host naming the same foreign domain): the origins must be named.
  if (isWildcardHost(config.host) && config.allowedOrigins === undefined) {
    throw new ConfigError(
      `HOST=${config.host} needs ALLOWED_ORIGINS (the page origins allowed to connect, e.g. https://chat.example.com): ` +
        'without it any web page could reach this server through DNS rebinding',
    );
  }
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    throw new ConfigError('HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS');
  }
  if (config.maxPayload < config.maxTextLength) {
    throw new ConfigError('MAX_PAYLOAD must be at least MAX_TEXT_LENGTH');
  }
  return config;
}
