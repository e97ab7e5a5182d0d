import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('reads the connection, timeout and drain variables', () => {
    expect(
      loadConfig({
        REPLAY_BUFFER_BYTES: '1048576',
        MAX_CHAT_BODY_BYTES: '4096',
        MAX_CONNECTIONS: '500',
        MAX_CONNECTIONS_PER_IP: '50',
        HEADERS_TIMEOUT_MS: '5000',
        REQUEST_TIMEOUT_MS: '10000',
        KEEP_ALIVE_TIMEOUT_MS: '620000',
        DRAIN_DELAY_MS: '10000',
      }),
    ).toMatchObject({
      replayBufferBytes: 1048576,
      maxChatBodyBytes: 4096,
      maxConnections: 500,
      maxConnectionsPerIp: 50,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 10000,
      keepAliveTimeoutMs: 620000,
      drainDelayMs: 10000,
    });
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '40000' })).toThrow(/HEADERS_TIMEOUT_MS \(40000\) must not exceed REQUEST_TIMEOUT_MS \(30000\)/);
    expect(() => loadConfig({ MAX_CONNECTIONS: '0' })).toThrow(/MAX_CONNECTIONS must be an integer/);
  });

  it('reads MAX_CONNECTIONS_PER_IP=0 as off (behind a reverse proxy)', () => {
    expect(loadConfig({ MAX_CONNECTIONS_PER_IP: '0' })).toMatchObject({ maxConnectionsPerIp: 0 });
  });

  it('uses safe defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({ host: '127.0.0.1', port: 3000 });
  });

  it('reads every variable into typed options', () => {
    const token = 'a'.repeat(32);
    expect(
      loadConfig({
        HOST: '0.0.0.0',
        PORT: '8080',
        FEED_INTERVAL_MS: '0',
        KEEP_ALIVE_MS: '20000',
        RETRY_MS: '5000',
        REPLAY_BUFFER: '50',
        PUBLISH_TOKEN: token,
        MAX_BODY_BYTES: '2048',
        SLOW_SUBSCRIBER_MS: '1500',
        MAX_SUBSCRIBERS: '10',
        MAX_CHAT_STREAMS: '3',
        SHUTDOWN_GRACE_MS: '1000',
        COALESCE_MS: '100',
        MAX_COALESCE_KEYS: '40',
      }),
    ).toEqual({
      host: '0.0.0.0',
      port: 8080,
      feedIntervalMs: 0,
      keepAliveMs: 20_000,
      retryMs: 5000,
      replayBuffer: 50,
      publishToken: token,
      maxBodyBytes: 2048,
      slowSubscriberTimeoutMs: 1500,
      maxSubscribers: 10,
      maxChatStreams: 3,
      shutdownGraceMs: 1000,
      coalesceMs: 100,
      maxCoalesceKeys: 40,
    });
  });

  it('treats an empty PUBLISH_TOKEN as unset', () => {
    expect(loadConfig({ PUBLISH_TOKEN: '' }).publishToken).toBeUndefined();
  });

  it('reports every bad value at once, by name', () => {
    let thrown: unknown;
    try {
      loadConfig({ PORT: '70000', REPLAY_BUFFER: '0', KEEP_ALIVE_MS: '15s', PUBLISH_TOKEN: 'short', SHUTDOWN_GRACE_MS: '9000' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const { message, code } = thrown as ConfigError;
    expect(code).toBe('invalid_config');
    for (const name of ['PORT', 'REPLAY_BUFFER', 'KEEP_ALIVE_MS', 'PUBLISH_TOKEN', 'SHUTDOWN_GRACE_MS']) {
      expect(message).toContain(name);
    }
  });
});

describe('MAX_PUBLISH_BATCH against the replay buffer', () => {
  // A batch lands in one turn; a subscriber whose socket is full waits for it in the replay
  // buffer. Batches as big as the buffer, back to back, pushed fast readers into resets.
  it('defaults to 250, or a quarter of the replay buffer when that is smaller', async () => {
    const { resolveOptions } = await import('../src/options.js');
    expect(resolveOptions({}).maxPublishBatch).toBe(250);
    expect(resolveOptions({ replayBuffer: 100 }).maxPublishBatch).toBe(25);
    expect(resolveOptions({ replayBuffer: 2 }).maxPublishBatch).toBe(1);
    expect(resolveOptions({ replayBuffer: 100, maxPublishBatch: 100 }).maxPublishBatch).toBe(100);
  });

  it('refuses a batch limit larger than the replay buffer, by option and by variable name', async () => {
    const { resolveOptions } = await import('../src/options.js');
    expect(() => resolveOptions({ replayBuffer: 100, maxPublishBatch: 101 })).toThrow(/maxPublishBatch \(101\) must not exceed replayBuffer \(100\)/);
    expect(() => loadConfig({ REPLAY_BUFFER: '100', MAX_PUBLISH_BATCH: '101' })).toThrow(ConfigError);
    expect(() => loadConfig({ MAX_PUBLISH_BATCH: '1001' })).toThrow(/MAX_PUBLISH_BATCH \(1001\) must not exceed REPLAY_BUFFER \(1000\)/);
  });
});
