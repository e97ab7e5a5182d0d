import { execFileSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from './demo-process.js';
import { rawRequest } from './raw-http.js';

const PER_IP = 50;
const ATTEMPTS = 10_000;
/**
 * Attempts open at any moment (each is closed once answered, and the next starts). Below Node's
 * listen backlog (511): beyond it the kernel's accept queue, not the server, drops connections
 * (timeouts and resets seen with all 10,000 at once on a loaded 2-core machine).
 */
const IN_FLIGHT = 500;
/** File descriptors this test and the server it spawns need: the attempts, the held sockets, and room for the rest. */
const FDS_NEEDED = IN_FLIGHT + PER_IP + 1_000;

/**
 * Raises this process's soft file limit (the server child inherits it) to FDS_NEEDED when it is
 * lower, with util-linux's prlimit (Node cannot call setrlimit); the hard limit must allow it.
 */
function raiseFileLimit(): void {
  const [soft, hard] = execFileSync('prlimit', ['--pid', String(process.pid), '--nofile', '--output', 'SOFT,HARD', '--noheadings'], { encoding: 'utf8' })
    .trim()
    .split(/\s+/)
    .map((value) => (value === 'unlimited' ? Infinity : Number(value)));
  if (soft! >= FDS_NEEDED) return;
  if (hard! < FDS_NEEDED) throw new Error(`this test needs ${FDS_NEEDED} file descriptors; the hard limit is ${hard}`);
  execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${FDS_NEEDED}:${hard === Infinity ? 'unlimited' : hard}`]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openFds(pid: number): Promise<number> {
  return (await readdir(`/proc/${pid}/fd`)).length;
}

/** A GET from another loopback address (127.0.0.2): a different client, not over the cap. */
function healthFromElsewhere(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/demos/health', localAddress: '127.0.0.2', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('health check timed out')));
  });
}

/** Opens a socket, waits until it is connected, and sends nothing. */
function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe(`${ATTEMPTS.toLocaleString('en')} connections from one address against DEMO_MAX_SOCKETS_PER_IP=${PER_IP}`, () => {
  let demo: RunningDemo;
  let port: number;
  beforeAll(async () => {
    raiseFileLimit();
    demo = await startDemo({ DEMO_MAX_SOCKETS_PER_IP: String(PER_IP) });
    port = Number(new URL(demo.url).port);
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('refuses every one beyond the cap with 429 and Connection: close, stays healthy, and frees every fd', { timeout: 120_000 }, async () => {
    const pid = demo.child.pid!;
    const baseline = await openFds(pid);

    // The address fills its share with idle sockets (what a slowloris client holds).
    const held = await Promise.all(Array.from({ length: PER_IP }, () => openSocket(port)));
    for (let i = 0; i < 50 && (await openFds(pid)) < baseline + PER_IP; i++) await sleep(50);
    expect(await openFds(pid)).toBe(baseline + PER_IP);

    const outcomes = new Map<string, number>();
    const healthy: (number | string)[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ATTEMPTS) {
        const n = next++;
        const answer = await rawRequest(port, 'GET /demos/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', undefined, { timeoutMs: 20_000 });
        const body = answer.status === 429 ? (JSON.parse(answer.body) as { error: { limit: string } }).error.limit : answer.body;
        const closes = /\r\nconnection: close\r\n/i.test(`${answer.head}\r\n`);
        const key = `${answer.status} ${body} close=${closes} ended=${answer.ended} error=${answer.error ?? 'none'}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        // Another client, meanwhile, is served as usual.
        if (n % 2_000 === 0) healthy.push(await healthFromElsewhere(port).catch((error: Error) => error.message));
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    expect(Object.fromEntries(outcomes)).toEqual({ '429 socketsPerIp close=true ended=true error=none': ATTEMPTS });
    expect(healthy).toEqual(Array.from({ length: ATTEMPTS / 2_000 }, () => 200));

    // The held sockets still count: one more from this address is refused, another address is served.
    expect((await rawRequest(port, 'GET /demos/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).status).toBe(429);
    expect(await healthFromElsewhere(port)).toBe(200);

    for (const socket of held) socket.destroy();
    let fds = await openFds(pid);
    for (let i = 0; i < 100 && fds > baseline; i++) {
      await sleep(100);
      fds = await openFds(pid);
    }
    expect(fds).toBe(baseline);
    // The address has its share back.
    const after = await rawRequest(port, 'GET /demos/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(after.status).toBe(200);
  });
});

describe('DEMO_MAX_SOCKETS: the server as a whole', () => {
  let demo: RunningDemo;
  let port: number;
  beforeAll(async () => {
    demo = await startDemo({ DEMO_MAX_SOCKETS: '20' });
    port = Number(new URL(demo.url).port);
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('refuses sockets beyond it with a typed 503 and Connection: close, and serves again once they close', async () => {
    const held = await Promise.all(Array.from({ length: 20 }, () => openSocket(port)));
    try {
      const full = await rawRequest(port, 'GET /demos/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      expect({ status: full.status, ended: full.ended, error: full.error }).toEqual({ status: 503, ended: true, error: undefined });
      expect(full.head).toMatch(/\r\nConnection: close(\r\n|$)/);
      expect(JSON.parse(full.body)).toMatchObject({ error: { code: 'demo_limit', limit: 'maxSockets' } });
    } finally {
      for (const socket of held) socket.destroy();
    }
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await sleep(100);
      status = (await rawRequest(port, 'GET /demos/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')).status;
    }
    expect(status).toBe(200);
  });
});
