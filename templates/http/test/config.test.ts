import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { DEFAULT_LIMITS } from '../src/options.js';

describe('loadConfig', () => {
  it('falls back to safe defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      dataDir: './data',
      shutdownGraceMs: 3000,
      drainDelayMs: 5000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 10_000,
    });
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.limits).toMatchObject({ bodyIdleTimeoutMs: 10_000, minBodyBytesPerSecond: 1024 });
    expect(config.idempotency).toEqual({ ttlMs: 86_400_000, maxKeys: 10_000, maxBytes: 16 * 1024 * 1024 });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '0',
      DATA_DIR: '/var/lib/ingest',
      MAX_BODY_BYTES: '1073741824',
      MAX_JSON_BODY_BYTES: '2048',
      MAX_LINE_BYTES: '4096',
      MAX_REJECTED: '5',
      MAX_PAGE_SIZE: '50',
      MAX_CONCURRENT_INGESTS: '4',
      MAX_CONCURRENT_INGESTS_PER_IP: '2',
      IDEMPOTENCY_TTL_SECONDS: '60',
      IDEMPOTENCY_MAX_KEYS: '7',
      IDEMPOTENCY_MAX_BYTES: '65536',
      SHUTDOWN_GRACE_MS: '1000',
      DRAIN_DELAY_MS: '15000',
      REQUEST_TIMEOUT_MS: '0',
      HEADERS_TIMEOUT_MS: '5000',
      KEEP_ALIVE_TIMEOUT_MS: '620000',
      MAX_CONNECTIONS: '2000',
      BODY_IDLE_TIMEOUT_MS: '30000',
      BODY_MIN_BYTES_PER_SECOND: '0',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/var/lib/ingest',
      shutdownGraceMs: 1000,
      drainDelayMs: 15_000,
      requestTimeoutMs: 0,
      headersTimeoutMs: 5000,
      keepAliveTimeoutMs: 620_000,
      maxConnections: 2000,
      limits: {
        maxBodyBytes: 1_073_741_824,
        maxJsonBodyBytes: 2048,
        maxLineBytes: 4096,
        maxRejected: 5,
        maxPageSize: 50,
        maxConcurrentIngests: 4,
        maxConcurrentIngestsPerIp: 2,
        bodyIdleTimeoutMs: 30_000,
        minBodyBytesPerSecond: 0,
      },
      idempotency: { ttlMs: 60_000, maxKeys: 7, maxBytes: 65_536 },
    });
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '80abc'],
    ['MAX_BODY_BYTES', '0'],
    ['MAX_BODY_BYTES', '10MB'],
    ['SHUTDOWN_GRACE_MS', '-1'],
    ['HEADERS_TIMEOUT_MS', '0'],
    ['MAX_CONNECTIONS', '0'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(`${name}="${value}" is invalid`);
  });
});
