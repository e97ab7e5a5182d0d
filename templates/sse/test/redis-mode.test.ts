import { execFile } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createMemoryHub } from '../src/event-hub.js';
import { RedisMirror } from '../src/redis-mirror.js';
import { redactUrl } from '../src/redis-store.js';
import { parseStreamId } from '../src/redis-stream-id.js';
import { createServer, StoreUnavailableError } from '../src/server.js';

// Redis mode without a Redis server: what must hold on machines that have none. The tests
// against a real redis-server are in test/redis (npm run test:redis).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

async function refusedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Starts and stops a server in a fresh process, then reports whether node-redis was loaded:
// the package is CommonJS, so importing it puts its files in require.cache.
const PROBE = `
const { createRequire } = await import('node:module');
const { createServer } = await import('./src/server.js');
const server = createServer({ port: 0, feedIntervalMs: 0, log: () => {}, redisUrl: process.env.PROBE_REDIS_URL });
let outcome = 'started';
try { await server.start(); await server.stop(); } catch (error) { outcome = error.name + ': ' + error.message; }
const loaded = Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/node_modules/@redis/'));
console.log(JSON.stringify({ outcome, loaded }));
`;

async function probe(redisUrl: string): Promise<{ outcome: string; loaded: boolean }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], {
    cwd: ROOT,
    env: { ...process.env, PROBE_REDIS_URL: redisUrl },
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { outcome: string; loaded: boolean };
}

describe('Redis mode off (no REDIS_URL)', () => {
  it('never loads the Redis client; with a URL it does (the same probe, so the probe can see it)', async () => {
    expect(await probe('')).toEqual({ outcome: 'started', loaded: false });
    const port = await refusedPort();
    const withUrl = await probe(`redis://user:secret@127.0.0.1:${port}`);
    expect(withUrl.loaded).toBe(true);
    expect(withUrl.outcome).toContain('StoreUnavailableError: cannot reach Redis at redis://user:***@127.0.0.1');
    expect(withUrl.outcome).not.toContain('secret');
  }, 40_000);
});

describe('Redis unreachable at start', () => {
  it('rejects start() with a StoreUnavailableError and does not listen', async () => {
    const port = await refusedPort();
    const server = createServer({ port: 0, feedIntervalMs: 0, log: () => {}, redisUrl: `redis://127.0.0.1:${port}` });
    await expect(server.start()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(server.httpServer.listening).toBe(false);
    expect(() => server.open()).toThrow(/connect\(\)/);
    await server.stop();
  });

  it('makes npm start exit 1 with one clear line', async () => {
    const port = await refusedPort();
    const failure = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', REDIS_URL: `redis://:hunter2hunter2@127.0.0.1:${port}` },
      timeout: 20_000,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/^SSE starter: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/?: connect ECONNREFUSED/);
    expect(failure?.stderr).not.toContain('hunter2');
    expect(failure?.stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});

describe('Redis mode configuration', () => {
  it('reads REDIS_URL and REDIS_STREAM_KEY, and refuses what cannot work', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' })).toMatchObject({ redisUrl: 'redis://cache:6379', redisStreamKey: 'sse:events' });
    expect(loadConfig({ REDIS_URL: 'rediss://cache:6380', REDIS_STREAM_KEY: 'app:feed' })).toMatchObject({ redisStreamKey: 'app:feed' });
    expect(loadConfig({})).not.toHaveProperty('redisUrl');
    expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL must start with redis:\/\/ or rediss:\/\//);
    expect(() => loadConfig({ REDIS_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_URL: 'redis://cache', COALESCE_MS: '100' })).toThrow(/COALESCE_MS is not supported/);
    expect(() => loadConfig({ REDIS_URL: 'redis://cache', REDIS_TIMEOUT_MS: '5' })).toThrow(/REDIS_TIMEOUT_MS/);
    expect(() => createServer({ redisUrl: 'redis://cache', hub: createMemoryHub({ replayBuffer: 1 }) })).toThrow(/exclude each other/);
  });

  it('redacts the password in URLs it prints', () => {
    expect(redactUrl('redis://user:pa55@host:6379/0')).toBe('redis://user:***@host:6379/0');
    expect(redactUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});

describe('Redis Stream ids as Last-Event-ID', () => {
  it.each([
    ['1712345678901-0', '1712345678901-0'],
    ['0-0', '0-0'],
    ['007-01', '7-1'],
    ['18446744073709551615-18446744073709551615', '18446744073709551615-18446744073709551615'],
  ])('parses %j', (text, canonical) => {
    expect(parseStreamId(text)?.id).toBe(canonical);
  });

  it.each(['', '1712345678901', '1-', '-1', '1-2-3', ' 1-0', '1-0 ', '+1-0', '1.5-0', '18446744073709551616-0', '1-18446744073709551616', '1\n-0', 'a-b'])(
    'refuses %j',
    (text) => {
      expect(parseStreamId(text)).toBeUndefined();
    },
  );

  it('orders ids as Redis does (numerically, not as text), and never throws', () => {
    expect(parseStreamId('10-0')!.key).toBeGreaterThan(parseStreamId('9-5')!.key);
    expect(parseStreamId('9-10')!.key).toBeGreaterThan(parseStreamId('9-9')!.key);
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const parsed = parseStreamId(text);
        if (parsed !== undefined) expect(parseStreamId(parsed.id)).toEqual(parsed);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (ms, seq) => {
        expect(parseStreamId(`${ms}-${seq}`)?.key).toBe((ms << 64n) | seq);
      }),
      { numRuns: 200 },
    );
  });
});

describe('RedisMirror', () => {
  const position = (ms: number) => parseStreamId(`${ms}-0`)!;

  it('keeps the newest entries, encoded once, and finds the first entry after a cursor', () => {
    const mirror = new RedisMirror(3, position(100));
    for (const ms of [101, 102, 103, 104]) mirror.append(position(ms), 'tick', String(ms));
    expect(mirror.base.id).toBe('101-0');
    expect(mirror.last.id).toBe('104-0');
    expect(mirror.get(2)?.frame.toString()).toBe('id: 102-0\nevent: tick\ndata: 102\n\n');
    expect(mirror.seqAfter(position(100).key)).toBe('gap');
    expect(mirror.seqAfter(position(101).key)).toBe(2);
    expect(mirror.seqAfter(parseStreamId('102-5')!.key)).toBe(3);
    expect(mirror.seqAfter(position(104).key)).toBe(5);
    expect(mirror.seqAfter(position(900).key)).toBe(5);
  });

  it('ignores ids that do not move forward, and skips entries it cannot send', () => {
    const mirror = new RedisMirror(3, position(100));
    mirror.append(position(101), 'tick', '1');
    mirror.append(position(101), 'tick', 'again');
    mirror.skip(position(102));
    mirror.append(position(103), 'tick', '3');
    expect(mirror.length).toBe(2);
    expect(mirror.last.id).toBe('103-0');
    expect(mirror.seqAfter(position(101).key)).toBe(2);
  });

  it('places a loss marker (a shared reset) after the newest entry: cursors at or before it reach it, and once evicted they go to Redis', () => {
    const mirror = new RedisMirror(3, position(100));
    mirror.append(position(101), 'tick', '1');
    mirror.append(position(102), 'tick', '2');
    mirror.markLoss();
    expect(mirror.get(3)).toMatchObject({ id: '102-0', lost: true });
    expect(mirror.get(3)?.frame.toString()).toBe('id: 102-0\nevent: reset\ndata: {"reason":"expired","missed":null,"lastEventId":"102-0"}\n\n');
    // A client at 102-0 has not heard of the loss yet; one at 101-0 gets 102-0 first.
    expect(mirror.seqAfter(position(102).key)).toBe(3);
    expect(mirror.seqAfter(position(101).key)).toBe(2);
    mirror.append(position(200), 'tick', '3');
    expect(mirror.seqAfter(position(102).key)).toBe(3);
    expect(mirror.seqAfter(parseStreamId('102-1')!.key)).toBe(4);
    // Evicting 101 and 102 and then the marker: a cursor at 102-0 must not skip the reset.
    mirror.append(position(201), 'tick', '4');
    mirror.append(position(202), 'tick', '5');
    expect(mirror.base).toMatchObject({ id: '102-0' });
    expect(mirror.isBefore(position(102).key)).toBe(true);
    expect(mirror.seqAfter(position(102).key)).toBe('gap');
    expect(mirror.seqAfter(position(200).key)).toBe(5);
  });
});
