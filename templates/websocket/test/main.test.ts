import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { connect, refusedStatus } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs src/main.ts the way `npm run dev` does, without a watcher: one process, signals go straight to it. */
function run(env: Record<string, string>, preload: string[] = []): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [...preload.flatMap((file) => ['--import', file]), '--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return Object.assign(child, { output: () => output });
}

function listeningUrl(child: ReturnType<typeof run>): Promise<string> {
  return vi.waitFor(
    () => {
      const match = /listening on (http:\/\/\S+)/.exec(child.output());
      if (match) return match[1]!;
      throw new Error(child.exitCode === null ? 'not listening yet' : `exited early: ${child.output()}`);
    },
    { timeout: 15_000, interval: 50 },
  );
}

describe('main', () => {
  it('logs one line with the URL, serves, and exits 0 on SIGTERM after closing clients with 1001', async () => {
    const child = run({ PORT: '0' });
    const url = await listeningUrl(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(child.output().trim().split('\n')).toHaveLength(1);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const client = await connect(`${url.replace('http', 'ws')}/ws`);

    const started = Date.now();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await client.closed).code).toBe(1001);
  }, 20_000);

  it('never writes the auth token to its output, whatever clients send', async () => {
    const token = 'secret-token-never-logged-0123456789';
    const child = run({ PORT: '0', AUTH_TOKEN: token });
    const url = await listeningUrl(child);
    const wsUrl = `${url.replace('http', 'ws')}/ws`;
    const client = await connect(`${wsUrl}?token=${token}&name=t`);
    await client.join('lobby');
    client.send({ type: 'chat', room: 'lobby', text: token });
    await client.next();
    expect(await refusedStatus(`${wsUrl}?token=${token}x`)).toBe(401);
    expect(await refusedStatus(wsUrl, { headers: { authorization: `Bearer ${token}x` } })).toBe(401);
    expect(await refusedStatus(`${wsUrl}?token=${token}`, { origin: 'http://evil.example' })).toBe(403);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(child.output()).not.toContain(token);
  }, 20_000);

  it('refuses to start on 0.0.0.0 without ALLOWED_ORIGINS, and does not echo a rejected AUTH_TOKEN', async () => {
    const open = run({ HOST: '0.0.0.0', PORT: '0' });
    expect((await once(open, 'exit'))[0]).toBe(2);
    expect(open.output()).toContain('HOST=0.0.0.0 needs ALLOWED_ORIGINS');
    const short = run({ AUTH_TOKEN: 'short-secret' });
    expect((await once(short, 'exit'))[0]).toBe(2);
    expect(short.output()).not.toContain('short-secret');
  }, 20_000);

  it('exits 2 with a message naming the variable on bad configuration', async () => {
    const child = run({ PORT: 'eighty' });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(child.output()).toContain('PORT must be an integer');
  }, 20_000);

  it('exits 1 with a clear message, without the password, when Redis cannot be reached at start', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const child = run({ PORT: '0', REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${closed}` });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(child.output()).toContain(`cannot connect to Redis at redis://:***@127.0.0.1:${closed}`);
    expect(child.output()).toContain('ECONNREFUSED');
    expect(child.output()).not.toContain('hunter2');
    expect(child.output()).not.toContain('listening on');
  }, 20_000);

  it('exits 2 on a REDIS_URL that is not a redis:// URL, without echoing it', async () => {
    const child = run({ REDIS_URL: 'http://user:hunter2@example.com' });
    expect((await once(child, 'exit'))[0]).toBe(2);
    expect(child.output()).toContain('REDIS_URL must be a redis:// or rediss:// URL');
    expect(child.output()).not.toContain('hunter2');
  }, 20_000);

  it('never loads the Redis client without REDIS_URL', async () => {
    const blockRedis = new URL('fixtures/block-redis.mjs', import.meta.url).href;
    const child = run({ PORT: '0' }, [blockRedis]);
    const url = await listeningUrl(child);
    const alice = await connect(`${url.replace('http', 'ws')}/ws?name=alice`);
    await alice.join('lobby');
    alice.send({ type: 'chat', room: 'lobby', text: 'in-process' });
    expect(await alice.next()).toMatchObject({ type: 'chat', text: 'in-process' });
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);

    // The same block does bite when REDIS_URL asks for the client.
    const withRedis = run({ PORT: '0', REDIS_URL: 'redis://127.0.0.1:1' }, [blockRedis]);
    expect((await once(withRedis, 'exit'))[0]).toBe(1);
    expect(withRedis.output()).toContain('blocked import');
  }, 20_000);
});
