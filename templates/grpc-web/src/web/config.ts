import { ConfigError, integer, type Env } from '../config.js';
import { DEFAULT_HTTP_LIMITS } from './http-limits.js';

export interface WebConfig {
  /** Port of the browser gateway (HTTP/1.1 and h2c are both fine for Connect and gRPC-Web). */
  webPort: number;
  /** Origins allowed to call the gateway from another origin; the page served by the gateway itself needs none. */
  allowedOrigins: string[];
  /** Most open connections to the gateway (WEB_MAX_CONNECTIONS). */
  maxConnections: number;
  /** Idle keep-alive timeout (WEB_KEEPALIVE_TIMEOUT_MS), above the load balancer's idle timeout. */
  keepAliveTimeoutMs: number;
  /** No byte moving on a connection with a running request for this long closes it (WEB_STALL_TIMEOUT_MS). */
  stallTimeoutMs: number;
}

export const DEFAULT_WEB_PORT = 8080;

/** Reads WEB_PORT and ALLOWED_ORIGINS. Throws ConfigError on a bad value. */
export function loadWebConfig(env: Env = process.env): WebConfig {
  return {
    webPort: integer(env, 'WEB_PORT', DEFAULT_WEB_PORT, 0, 65_535),
    allowedOrigins: origins(env['ALLOWED_ORIGINS']),
    maxConnections: integer(env, 'WEB_MAX_CONNECTIONS', DEFAULT_HTTP_LIMITS.maxConnections, 1, 1_000_000),
    keepAliveTimeoutMs: integer(env, 'WEB_KEEPALIVE_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs, 1_000, 3_600_000),
    stallTimeoutMs: integer(env, 'WEB_STALL_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.stallTimeoutMs, 1_000, 3_600_000),
  };
}

function origins(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(`ALLOWED_ORIGINS: ${JSON.stringify(origin)} is not an origin like https://app.example.com`);
    }
    if (url.origin !== origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ConfigError(`ALLOWED_ORIGINS: ${JSON.stringify(origin)} is not an origin like https://app.example.com`);
    }
    return origin;
  });
}
