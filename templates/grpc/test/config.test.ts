import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'grpc-config-'));
const pemFile = join(dir, 'cert.pem');
writeFileSync(pemFile, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
const notPem = join(dir, 'not.pem');
writeFileSync(notPem, 'hello');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('has safe defaults: localhost, port 50051, plaintext, the article\'s 100 ms ticker', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 50051,
      tls: undefined,
      priceIntervalMs: 100,
      maxSymbols: 50,
      chatBacklog: 64,
      chatStallMs: 2_000,
      maxMessageBytes: 65_536,
      shutdownGraceMs: 3_000,
      drainDelayMs: 0,
      maxPriceStreams: 1_000,
      maxConnections: 12_000,
      maxConnectionsPerIp: 1_000,
      chatDropGraceMs: 5_000,
      chatMessageRate: 20,
      chatMessageBurst: 40,
      requestIdleMs: 20_000,
      maxCallsPerIp: 1_000,
      connection: { maxConcurrentStreams: 100 },
      interceptors: [],
    });
  });

  it('turns AUTH_TOKEN into a bearer-token interceptor', () => {
    expect(loadConfig({ AUTH_TOKEN: 'sixteen-chars-ok' }).interceptors).toHaveLength(1);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      GRPC_PORT: '0',
      PRICE_INTERVAL_MS: '250',
      PRICE_SEED: '42',
      MAX_SYMBOLS: '5',
      MAX_CHAT_PARTICIPANTS: '10',
      CHAT_BACKLOG: '16',
      CHAT_STALL_MS: '500',
      MAX_MESSAGE_BYTES: '4096',
      SHUTDOWN_GRACE_MS: '1000',
      DRAIN_DELAY_MS: '5000',
      MAX_PRICE_STREAMS: '20',
      MAX_PRICE_STREAMS_PER_IP: '0',
      MAX_CONCURRENT_STREAMS: '10',
      MAX_CONNECTIONS: '50',
      MAX_CONNECTIONS_PER_IP: '0',
      MAX_HEALTH_WATCHES: '7',
      CHAT_DROP_GRACE_MS: '2000',
      CHAT_MESSAGE_RATE: '5',
      CHAT_MESSAGE_BURST: '9',
      REQUEST_IDLE_MS: '0',
      MAX_CALLS_PER_IP: '0',
      TLS_CERT: pemFile,
      TLS_KEY: pemFile,
      TLS_CLIENT_CA: pemFile,
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      priceIntervalMs: 250,
      priceSeed: 42,
      maxSymbols: 5,
      maxChatParticipants: 10,
      chatBacklog: 16,
      chatStallMs: 500,
      maxMessageBytes: 4096,
      shutdownGraceMs: 1000,
      drainDelayMs: 5000,
      maxPriceStreams: 20,
      maxPriceStreamsPerIp: 0,
      maxHealthWatches: 7,
      maxConnections: 50,
      maxConnectionsPerIp: 0,
      chatMessageRate: 5,
      chatMessageBurst: 9,
      requestIdleMs: 0,
      maxCallsPerIp: 0,
      chatDropGraceMs: 2000,
      connection: { maxConcurrentStreams: 10 },
    });
    expect(config.tls?.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(config.tls?.clientCa).toBeInstanceOf(Buffer);
  });

  it.each([
    [{ GRPC_PORT: 'http' }, 'GRPC_PORT must be an integer from 0 to 65535, got "http"'],
    [{ GRPC_PORT: '70000' }, 'GRPC_PORT must be an integer from 0 to 65535, got "70000"'],
    [{ PRICE_INTERVAL_MS: '0' }, 'PRICE_INTERVAL_MS must be an integer from 1 to 60000, got "0"'],
    [{ MAX_SYMBOLS: '-1' }, 'MAX_SYMBOLS must be an integer from 1 to 1000, got "-1"'],
    [{ MAX_HEALTH_WATCHES: '0' }, 'MAX_HEALTH_WATCHES must be an integer from 1 to 1000000, got "0"'],
    [{ SHUTDOWN_GRACE_MS: '100000' }, 'SHUTDOWN_GRACE_MS must be an integer from 0 to 60000, got "100000"'],
    [{ DRAIN_DELAY_MS: '1.5' }, 'DRAIN_DELAY_MS must be an integer from 0 to 60000, got "1.5"'],
    [{ MAX_PRICE_STREAMS_PER_IP: '-1' }, 'MAX_PRICE_STREAMS_PER_IP must be an integer from 0 to 1000000, got "-1"'],
    [{ MAX_CONNECTIONS: '0' }, 'MAX_CONNECTIONS must be an integer from 1 to 1000000, got "0"'],
    [{ MAX_CONNECTIONS_PER_IP: 'all' }, 'MAX_CONNECTIONS_PER_IP must be an integer from 0 to 1000000, got "all"'],
    [{ MAX_CONCURRENT_STREAMS: '0' }, 'MAX_CONCURRENT_STREAMS must be an integer from 1 to 10000, got "0"'],
    [{ TLS_CERT: pemFile }, 'TLS_CERT and TLS_KEY go together; only TLS_CERT is set'],
    [{ TLS_KEY: pemFile }, 'TLS_CERT and TLS_KEY go together; only TLS_KEY is set'],
    [{ TLS_CLIENT_CA: pemFile }, 'TLS_CLIENT_CA needs TLS_CERT and TLS_KEY'],
    [{ TLS_CERT: join(dir, 'missing.pem'), TLS_KEY: pemFile }, `TLS_CERT: cannot read ${join(dir, 'missing.pem')} (ENOENT)`],
    [{ TLS_CERT: pemFile, TLS_KEY: notPem }, `TLS_KEY: ${notPem} is not a PEM file`],
    [{ AUTH_TOKEN: 'short' }, 'AUTH_TOKEN must be at least 16 characters'],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('gives ConfigError a stable code', () => {
    try {
      loadConfig({ GRPC_PORT: 'x' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    }
  });
});
