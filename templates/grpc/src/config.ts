import { readFileSync } from 'node:fs';
import { bearerTokenInterceptor, sameToken } from './auth.js';
import { DEFAULT_SERVICE_LIMITS } from './service/stock-service.js';
import { DEFAULT_CONNECTION_OPTIONS } from './channel-options.js';
import { DEFAULT_MAX_HEALTH_WATCHES } from './health.js';
import {
  DEFAULT_DRAIN_DELAY_MS,
  DEFAULT_HOST,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_MAX_CALLS_PER_IP,
  DEFAULT_REQUEST_IDLE_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_PORT,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type ServerOptions,
} from './server.js';
import type { TlsOptions } from './tls.js';

/** A bad environment variable. `code` is stable; the message names the variable and the value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads the environment into createServer() options. Throws ConfigError on a bad value. */
export function loadConfig(env: Env = process.env): ServerOptions {
  return {
    host: text(env, 'HOST') ?? DEFAULT_HOST,
    port: integer(env, 'GRPC_PORT', DEFAULT_PORT, 0, 65_535),
    tls: tlsFiles(env),
    priceIntervalMs: integer(env, 'PRICE_INTERVAL_MS', DEFAULT_SERVICE_LIMITS.priceIntervalMs, 1, 60_000),
    priceSeed: integer(env, 'PRICE_SEED', 1, 0, 2 ** 32 - 1),
    maxSymbols: integer(env, 'MAX_SYMBOLS', DEFAULT_SERVICE_LIMITS.maxSymbols, 1, 1_000),
    maxPriceStreams: integer(env, 'MAX_PRICE_STREAMS', DEFAULT_SERVICE_LIMITS.maxPriceStreams, 1, 1_000_000),
    maxPriceStreamsPerIp: integer(env, 'MAX_PRICE_STREAMS_PER_IP', DEFAULT_SERVICE_LIMITS.maxPriceStreamsPerIp, 0, 1_000_000),
    maxChatParticipants: integer(env, 'MAX_CHAT_PARTICIPANTS', DEFAULT_SERVICE_LIMITS.maxChatParticipants, 1, 100_000),
    chatBacklog: integer(env, 'CHAT_BACKLOG', DEFAULT_SERVICE_LIMITS.chatBacklog, 1, 10_000),
    chatStallMs: integer(env, 'CHAT_STALL_MS', DEFAULT_SERVICE_LIMITS.chatStallMs, 0, 600_000),
    chatDropGraceMs: integer(env, 'CHAT_DROP_GRACE_MS', DEFAULT_SERVICE_LIMITS.chatDropGraceMs, 0, 600_000),
    chatMessageRate: integer(env, 'CHAT_MESSAGE_RATE', DEFAULT_SERVICE_LIMITS.chatMessageRate, 1, 1_000_000),
    chatMessageBurst: integer(env, 'CHAT_MESSAGE_BURST', DEFAULT_SERVICE_LIMITS.chatMessageBurst, 1, 1_000_000),
    maxHealthWatches: integer(env, 'MAX_HEALTH_WATCHES', DEFAULT_MAX_HEALTH_WATCHES, 1, 1_000_000),
    maxMessageBytes: integer(env, 'MAX_MESSAGE_BYTES', DEFAULT_MAX_MESSAGE_BYTES, 1_024, 4 * 1024 * 1024),
    requestIdleMs: integer(env, 'REQUEST_IDLE_MS', DEFAULT_REQUEST_IDLE_MS, 0, 600_000),
    // 0 turns it off: behind one proxy every client has the proxy's address.
    maxCallsPerIp: integer(env, 'MAX_CALLS_PER_IP', DEFAULT_MAX_CALLS_PER_IP, 0, 1_000_000),
    maxConnections: integer(env, 'MAX_CONNECTIONS', DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
    // 0 turns it off: behind one proxy every client has the proxy's address.
    maxConnectionsPerIp: integer(env, 'MAX_CONNECTIONS_PER_IP', DEFAULT_MAX_CONNECTIONS_PER_IP, 0, 1_000_000),
    connection: {
      maxConcurrentStreams: integer(env, 'MAX_CONCURRENT_STREAMS', DEFAULT_CONNECTION_OPTIONS.maxConcurrentStreams, 1, 10_000),
    },
    // main() allows drain + grace + STOP_MARGIN_MS for the whole stop: keep your orchestrator's
    // kill timeout (Kubernetes terminationGracePeriodSeconds, 30 s by default) above that.
    drainDelayMs: integer(env, 'DRAIN_DELAY_MS', DEFAULT_DRAIN_DELAY_MS, 0, 60_000),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', DEFAULT_SHUTDOWN_GRACE_MS, 0, 60_000),
    interceptors: authToken(env),
  };
}

function authToken(env: Env): ServerOptions['interceptors'] {
  const check = loadTokenCheck(env);
  return check === undefined ? [] : [bearerTokenInterceptor(check)];
}

/** The AUTH_TOKEN check (constant time), or undefined when AUTH_TOKEN is unset. */
export function loadTokenCheck(env: Env = process.env): ((token: string) => boolean) | undefined {
  const token = text(env, 'AUTH_TOKEN');
  if (token === undefined) return undefined;
  if (token.length < 16) throw new ConfigError('AUTH_TOKEN must be at least 16 characters');
  return sameToken(token);
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** TLS_CERT, TLS_KEY and TLS_CLIENT_CA as PEM buffers, or undefined for plaintext. */
export function tlsFiles(env: Env): TlsOptions | undefined {
  const cert = text(env, 'TLS_CERT');
  const key = text(env, 'TLS_KEY');
  const clientCa = text(env, 'TLS_CLIENT_CA');
  if (cert === undefined && key === undefined) {
    if (clientCa !== undefined) throw new ConfigError('TLS_CLIENT_CA needs TLS_CERT and TLS_KEY');
    return undefined;
  }
  if (cert === undefined || key === undefined) {
    throw new ConfigError(`TLS_CERT and TLS_KEY go together; only ${cert === undefined ? 'TLS_KEY' : 'TLS_CERT'} is set`);
  }
  return {
    cert: pem(cert, 'TLS_CERT'),
    key: pem(key, 'TLS_KEY'),
    ...(clientCa === undefined ? {} : { clientCa: pem(clientCa, 'TLS_CLIENT_CA') }),
  };
}

function pem(path: string, name: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    throw new ConfigError(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!content.includes('-----BEGIN ')) throw new ConfigError(`${name}: ${path} is not a PEM file`);
  return content;
}
