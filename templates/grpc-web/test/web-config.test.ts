import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { loadWebConfig } from '../src/web/config.js';

describe('loadWebConfig', () => {
  it('defaults to port 8080, no cross-origin callers, 1000 connections, a 65 s keep-alive', () => {
    expect(loadWebConfig({})).toEqual({ webPort: 8080, allowedOrigins: [], maxConnections: 1_000, keepAliveTimeoutMs: 65_000, stallTimeoutMs: 60_000 });
  });

  it('reads WEB_PORT, a comma-separated ALLOWED_ORIGINS, WEB_MAX_CONNECTIONS, WEB_KEEPALIVE_TIMEOUT_MS and WEB_STALL_TIMEOUT_MS', () => {
    expect(
      loadWebConfig({
        WEB_PORT: '0',
        ALLOWED_ORIGINS: 'https://a.example, http://localhost:5173',
        WEB_MAX_CONNECTIONS: '50',
        WEB_KEEPALIVE_TIMEOUT_MS: '620000',
        WEB_STALL_TIMEOUT_MS: '30000',
      }),
    ).toEqual({
      webPort: 0,
      allowedOrigins: ['https://a.example', 'http://localhost:5173'],
      maxConnections: 50,
      keepAliveTimeoutMs: 620_000,
      stallTimeoutMs: 30_000,
    });
  });

  it.each([
    [{ WEB_PORT: 'web' }, 'WEB_PORT must be an integer from 0 to 65535, got "web"'],
    [{ WEB_MAX_CONNECTIONS: '0' }, 'WEB_MAX_CONNECTIONS must be an integer from 1 to 1000000, got "0"'],
    [{ WEB_KEEPALIVE_TIMEOUT_MS: '10' }, 'WEB_KEEPALIVE_TIMEOUT_MS must be an integer from 1000 to 3600000, got "10"'],
    [{ WEB_STALL_TIMEOUT_MS: '999' }, 'WEB_STALL_TIMEOUT_MS must be an integer from 1000 to 3600000, got "999"'],
    [{ ALLOWED_ORIGINS: '*' }, 'ALLOWED_ORIGINS: "*" is not an origin'],
    [{ ALLOWED_ORIGINS: 'https://a.example/path' }, 'ALLOWED_ORIGINS: "https://a.example/path" is not an origin'],
    [{ ALLOWED_ORIGINS: 'ftp://a.example' }, 'ALLOWED_ORIGINS: "ftp://a.example" is not an origin'],
  ])('refuses %o', (env, message) => {
    expect(() => loadWebConfig(env)).toThrow(ConfigError);
    expect(() => loadWebConfig(env)).toThrow(message);
  });
});
