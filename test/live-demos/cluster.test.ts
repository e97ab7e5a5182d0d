import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startRedis } from '../../templates/websocket/test/redis/redis-server.js';
import { binPath, cleanEnv } from '../helpers/cli.js';
import { newCid, startDemo } from './demo-process.js';

// live-demos/scripts/cluster.mjs as a real process: a redis-server, two demo servers (the built
// CLI's `demo`) sharing the chat's rooms through it, and nginx in front, all on free ports.
const script = fileURLToPath(new URL('../../live-demos/scripts/cluster.mjs', import.meta.url));

interface Chatter {
  ws: WebSocket;
  next(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  received: Record<string, unknown>[];
}

function chatter(url: string, cookie: string, origin: string): Promise<Chatter> {
  const ws = new WebSocket(url, { origin, headers: { cookie } });
  const received: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    received.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  const client: Chatter = {
    ws,
    received,
    next(type, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const index = received.findIndex((message) => message['type'] === type);
          if (index < 0) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received.splice(index, 1)[0]!);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} within ${timeoutMs} ms: ${JSON.stringify(received)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

describe('the demo cluster: two demo servers behind nginx, chat rooms shared through Redis', () => {
  let child: ChildProcess;
  let output = '';
  let base: string;

  beforeAll(async () => {
    child = spawn(process.execPath, [script, '--port', '0'], { env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const match = /Demo cluster: (http:\/\/\S+\/)/.exec(output);
      if (match?.[1]) {
        base = match[1];
        break;
      }
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`cluster did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 40_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  /** A sticky cookie per demo server: nginx's X-Demo-Upstream says where each one lands. */
  async function cookiePerServer(): Promise<Map<string, string>> {
    const byServer = new Map<string, string>();
    for (let i = 0; i < 40 && byServer.size < 2; i += 1) {
      const cookie = `demo_node=probe-${i}`;
      const res = await fetch(`${base}demos/health`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const upstream = res.headers.get('x-demo-upstream');
      expect(upstream).toMatch(/^127\.0\.0\.1:\d+$/);
      if (!byServer.has(upstream!)) byServer.set(upstream!, cookie);
    }
    return byServer;
  }

  it('gives a new browser a sticky cookie and keeps it on one demo server', async () => {
    const first = await fetch(`${base}demos/health`);
    const cookie = first.headers.get('set-cookie');
    expect(cookie).toMatch(/^demo_node=[0-9a-f]{32}; Path=\/; SameSite=Lax; HttpOnly$/);
    const sticky = cookie!.split(';')[0]!;
    const upstream = first.headers.get('x-demo-upstream');
    for (let i = 0; i < 4; i += 1) {
      const again = await fetch(`${base}demos/health`, { headers: { cookie: sticky } });
      expect(again.headers.get('x-demo-upstream')).toBe(upstream);
      expect(again.headers.get('set-cookie')).toBeNull();
    }
  });

  it('lets browsers on different demo servers chat in one room', async () => {
    const cookies = await cookiePerServer();
    expect(cookies.size).toBe(2);
    const [aliceCookie, bobCookie] = [...cookies.values()];
    const origin = new URL(base).origin;
    const ws = `${base.replace('http', 'ws')}demos/chat/ws`;
    const alice = await chatter(`${ws}?name=alice&cid=${newCid()}`, aliceCookie!, origin);
    const bob = await chatter(`${ws}?name=bob&cid=${newCid()}`, bobCookie!, origin);
    try {
      await alice.next('welcome');
      await bob.next('welcome');
      alice.ws.send(JSON.stringify({ type: 'join', room: 'cluster' }));
      bob.ws.send(JSON.stringify({ type: 'join', room: 'cluster' }));
      await alice.next('joined');
      await bob.next('joined');

      alice.ws.send(JSON.stringify({ type: 'chat', room: 'cluster', text: 'hello from one server', id: 'a-1' }));
      expect(await bob.next('chat')).toMatchObject({ from: 'alice', text: 'hello from one server', id: 'a-1' });
      expect(await alice.next('chat')).toMatchObject({ from: 'alice', id: 'a-1' });
      bob.ws.send(JSON.stringify({ type: 'typing', room: 'cluster' }));
      expect(await alice.next('typing')).toMatchObject({ user: 'bob', room: 'cluster' });
      bob.ws.send(JSON.stringify({ type: 'chat', room: 'cluster', text: 'and from the other' }));
      expect(await alice.next('chat')).toMatchObject({ from: 'bob', text: 'and from the other' });
      expect(await bob.next('chat')).toMatchObject({ from: 'bob' });
      // Nothing twice.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(alice.received.filter((message) => message['type'] === 'chat')).toEqual([]);
      expect(bob.received.filter((message) => message['type'] === 'chat')).toEqual([]);
    } finally {
      alice.ws.terminate();
      bob.ws.terminate();
    }
  });

  it('stops redis, both demo servers and nginx on SIGINT and exits 0', async () => {
    const servers = [...(await cookiePerServer()).keys()];
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    for (const server of [base, ...servers.map((address) => `http://${address}/`)]) {
      await expect(fetch(`${server}demos/health`)).rejects.toThrow();
    }
    const redisPort = Number(/redis:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    expect(redisPort).toBeGreaterThan(0);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(redisPort, '127.0.0.1');
      socket.once('connect', () => resolve(false));
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  }, 20_000);
});

describe('one demo server with REDIS_URL', () => {
  it('answers /demos/health 503 while Redis is gone and 200 once it is back, without stopping', async () => {
    const redis = await startRedis();
    const demo = await startDemo({ REDIS_URL: redis.url });
    try {
      const health = async (): Promise<number> => (await fetch(`${demo.url}demos/health`)).status;
      expect(await health()).toBe(200);
      await redis.kill();
      await vi.waitFor(async () => expect(await health()).toBe(503), { timeout: 10_000, interval: 100 });
      await redis.restart();
      await vi.waitFor(async () => expect(await health()).toBe(200), { timeout: 20_000, interval: 100 });
      expect(demo.child.exitCode).toBeNull();
    } finally {
      expect((await demo.stop()).code).toBe(0);
      await redis.stop();
    }
  }, 60_000);

  it('does not start when Redis cannot be reached, and says why', async () => {
    const child = spawn(process.execPath, [binPath, 'demo', '--port', '0'], {
      env: cleanEnv({ REDIS_URL: 'redis://127.0.0.1:1', NO_COLOR: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).not.toBe(0);
    expect(out).toContain('cannot connect to Redis at redis://127.0.0.1:1');
    expect(out).not.toContain('Live demos:');
  }, 30_000);
});
