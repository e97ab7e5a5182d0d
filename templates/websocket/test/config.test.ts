import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('uses safe defaults for an empty environment', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      heartbeatMs: 30_000,
      maxPayload: 65_536,
      maxBufferedBytes: 1_048_576,
      writeBatchMs: 5,
      writeBatchAbove: 50_000,
      allowedOrigins: undefined,
      authToken: undefined,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '0',
      HEARTBEAT_MS: '1000',
      MAX_PAYLOAD: '2048',
      MAX_BUFFERED_BYTES: '4096',
      MAX_CLIENTS: '5',
      MAX_ROOMS_PER_CLIENT: '3',
      MAX_TEXT_LENGTH: '100',
      MESSAGE_RATE: '2',
      MESSAGE_BURST: '4',
      WRITE_BATCH_MS: '16',
      WRITE_BATCH_ABOVE: '0',
      ALLOWED_ORIGINS: 'https://Chat.Example.com, http://localhost:5173',
      AUTH_TOKEN: '0123456789abcdef',
      REDIS_URL: 'rediss://default:pw@redis.internal:6380/0',
    });
    expect(config.redisUrl).toBe('rediss://default:pw@redis.internal:6380/0');
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      heartbeatMs: 1_000,
      maxPayload: 2_048,
      maxBufferedBytes: 4_096,
      maxClients: 5,
      maxRoomsPerClient: 3,
      maxTextLength: 100,
      messageRate: 2,
      messageBurst: 4,
      writeBatchMs: 16,
      writeBatchAbove: 0,
      allowedOrigins: ['https://chat.example.com', 'http://localhost:5173'],
      authToken: '0123456789abcdef',
    });
  });

  it.each([
    [{ PORT: 'http' }, /PORT must be an integer from 0 to 65535, got "http"/],
    [{ WRITE_BATCH_MS: '5ms' }, /WRITE_BATCH_MS must be an integer from 0 to 1000, got "5ms"/],
    [{ WRITE_BATCH_MS: '1001' }, /WRITE_BATCH_MS/],
    [{ WRITE_BATCH_MS: '-1' }, /WRITE_BATCH_MS/],
    [{ WRITE_BATCH_ABOVE: '-1' }, /WRITE_BATCH_ABOVE must be an integer from 0 to 1000000000, got "-1"/],
    [{ PORT: '70000' }, /PORT/],
    [{ HEARTBEAT_MS: '1.5' }, /HEARTBEAT_MS/],
    [{ MAX_PAYLOAD: '-1' }, /MAX_PAYLOAD/],
    [{ ALLOWED_ORIGINS: 'chat.example.com' }, /ALLOWED_ORIGINS: "chat.example.com"/],
    [{ ALLOWED_ORIGINS: 'https://chat.example.com/app' }, /ALLOWED_ORIGINS/],
    [{ AUTH_TOKEN: 'short' }, /AUTH_TOKEN must be at least 16 characters/],
    [{ MAX_PAYLOAD: '1024', MAX_TEXT_LENGTH: '5000' }, /MAX_PAYLOAD must be at least MAX_TEXT_LENGTH/],
    [{ REDIS_URL: '127.0.0.1:6379' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ REDIS_URL: 'redis://' }, /REDIS_URL/],
    // node-redis throws "Invalid pathname" from createClient for it; that came out as
    // "cannot listen on 127.0.0.1:0: Invalid pathname" (issue 17 review).
    [{ REDIS_URL: 'redis://127.0.0.1:6379/abc' }, /REDIS_URL .*database number/],
  ])('rejects %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads WRITE_BATCH_MS=0 as no write window', () => {
    expect(loadConfig({ WRITE_BATCH_MS: '0' }).writeBatchMs).toBe(0);
  });
});
