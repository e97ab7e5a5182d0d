import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { DEFAULT_LIMITS } from '../src/options.js';

describe('loadConfig', () => {
  it('falls back to safe defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, dataDir: './data', shutdownGraceMs: 3000 });
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.idempotency).toEqual({ ttlMs: 86_400_000, maxKeys: 10_000 });
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
      IDEMPOTENCY_TTL_SECONDS: '60',
      IDEMPOTENCY_MAX_KEYS: '7',
      SHUTDOWN_GRACE_MS: '1000',
      REQUEST_TIMEOUT_MS: '0',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/var/lib/ingest',
      shutdownGraceMs: 1000,
      requestTimeoutMs: 0,
      limits: {
        maxBodyBytes: 1_073_741_824,
        maxJsonBodyBytes: 2048,
        maxLineBytes: 4096,
        maxRejected: 5,
        maxPageSize: 50,
        maxConcurrentIngests: 4,
      },
      idempotency: { ttlMs: 60_000, maxKeys: 7 },
    });
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '80abc'],
    ['MAX_BODY_BYTES', '0'],
    ['MAX_BODY_BYTES', '10MB'],
    ['SHUTDOWN_GRACE_MS', '-1'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(`${name}="${value}" is invalid`);
  });
});
