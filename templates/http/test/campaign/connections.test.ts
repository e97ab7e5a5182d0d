import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { get, tempDir } from '../helpers.js';
import { spawnMain } from '../spawn-main.js';
import { MIB, report } from './report.js';

interface Client {
  socket: Socket;
  /** Resolves true once a 200 arrived. */
  answered: Promise<boolean>;
  /** Resolves how the connection ended: "end" (FIN from the server), an error code, or "close". */
  ended: Promise<string>;
}

/** Opens a connection and sends one keep-alive GET /healthz. */
function client(port: number): Client {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let how = 'close';
  const answered = new Promise<boolean>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('"status":"ok"')) resolve(true);
    });
    socket.on('close', () => resolve(false));
  });
  const ended = new Promise<string>((resolve) => {
    socket.on('end', () => (how = 'end'));
    socket.on('error', (error: NodeJS.ErrnoException) => (how = error.code ?? 'error'));
    socket.on('close', () => resolve(how));
  });
  socket.write('GET /healthz HTTP/1.1\r\nHost: campaign\r\n\r\n');
  return { socket, answered, ended };
}

/** Opens `count` clients in batches, so the listen backlog is not what is being tested. */
async function openClients(port: number, count: number): Promise<Client[]> {
  const clients: Client[] = [];
  for (let start = 0; start < count; start += 250) {
    const batch = Array.from({ length: Math.min(250, count - start) }, () => client(port));
    await Promise.all(batch.map((one) => one.answered));
    clients.push(...batch);
  }
  return clients;
}

/** The child's resident memory, where /proc exists (figures only, never asserted). */
function rssOf(pid: number | undefined): number | undefined {
  if (process.platform !== 'linux' || pid === undefined) return undefined;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * 5,000, or fewer where the hard file limit cannot hold that many on both ends (this process
 * and the server each need one descriptor per connection; Node raises the soft limit to the
 * hard one by itself). The figure reported says which.
 */
function idleConnectionCount(): number {
  let hard = Number.POSITIVE_INFINITY;
  try {
    const text = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
    if (/^\d+$/.test(text)) hard = Number(text);
  } catch {
    // No POSIX shell (Windows): no such limit to respect.
  }
  return Math.min(5000, Math.floor((hard - 500) / 2));
}

const mib = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round((bytes / MIB) * 10) / 10);

describe('campaign: many connections', () => {
  it('5,000 idle keep-alive connections are all accepted, then all freed by the keep-alive timeout', async () => {
    const count = idleConnectionCount();
    const main = await spawnMain({ DATA_DIR: await tempDir(), KEEP_ALIVE_TIMEOUT_MS: '3000', MAX_CONNECTIONS: '6000' });
    const port = Number(new URL(main.url).port);
    const rssBefore = rssOf(main.child.pid);
    const rounds = [];
    // Two rounds: memory after the second equal to after the first means nothing accumulates.
    for (let round = 1; round <= 2; round += 1) {
      const started = performance.now();
      const clients = await openClients(port, count);
      const openedMs = performance.now() - started;
      const answered = (await Promise.all(clients.map((one) => one.answered))).filter(Boolean).length;
      const rssHeld = rssOf(main.child.pid);
      expect(answered).toBe(count);
      // Nobody closes them on the client side: the server must.
      const ends = await Promise.all(clients.map((one) => one.ended));
      const freedMs = performance.now() - started - openedMs;
      expect(new Set(ends)).toEqual(new Set(['end']));
      expect((await get(`${main.url}/healthz`)).status).toBe(200);
      await delay(200);
      rounds.push({
        round,
        answered,
        freedByServer: ends.length,
        openedMs: Math.round(openedMs),
        allFreedMsAfterLastOpened: Math.round(freedMs),
        serverRssMiB: { withAllOpen: mib(rssHeld), afterFreed: mib(rssOf(main.child.pid)) },
      });
    }
    main.child.kill('SIGINT');
    expect((await main.exited).code).toBe(0);
    report('idle-5000', { connections: count, keepAliveTimeoutMs: 3000, serverRssMiBBefore: mib(rssBefore), rounds });
  }, 90_000);

  it('past MAX_CONNECTIONS, new connections are closed at once, and accepted again once others leave', async () => {
    const main = await spawnMain({ DATA_DIR: await tempDir(), MAX_CONNECTIONS: '1000' });
    const port = Number(new URL(main.url).port);
    const held = await openClients(port, 1000);
    const extra = Array.from({ length: 500 }, () => client(port));
    const extraAnswered = (await Promise.all(extra.map((one) => one.answered))).filter(Boolean).length;
    const extraEnds = await Promise.all(extra.map((one) => one.ended));
    expect(extraAnswered).toBe(0);
    // Closed by the server, not left hanging: each one ends (FIN or reset).
    expect(extraEnds.every((how) => ['end', 'ECONNRESET', 'EPIPE', 'close'].includes(how))).toBe(true);

    for (const one of held) one.socket.destroy();
    await Promise.all(held.map((one) => one.ended));
    await delay(200);
    expect((await get(`${main.url}/healthz`)).status).toBe(200);
    main.child.kill('SIGINT');
    expect((await main.exited).code).toBe(0);
    report('connection-cap', {
      maxConnections: 1000,
      held: held.length,
      refusedAttempts: extra.length,
      refusedEnds: Object.fromEntries([...new Set(extraEnds)].map((how) => [how, extraEnds.filter((x) => x === how).length])),
    });
  }, 60_000);

  it('slowloris: connections that send nothing or drip their headers are closed after HEADERS_TIMEOUT_MS while others are served', async () => {
    const main = await spawnMain({ DATA_DIR: await tempDir(), HEADERS_TIMEOUT_MS: '600' });
    const port = Number(new URL(main.url).port);
    const started = performance.now();
    const sockets = Array.from({ length: 100 }, (_, index) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('error', () => undefined);
      let drip: NodeJS.Timeout | undefined;
      if (index % 2 === 1) {
        socket.write('POST /ingest HTTP/1.1\r\nHost: x\r\n');
        drip = setInterval(() => socket.write('X'), 50);
      }
      const closed = new Promise<{ ms: number; text: string }>((resolve) =>
        socket.on('close', () => {
          clearInterval(drip);
          resolve({ ms: performance.now() - started, text });
        }),
      );
      return closed;
    });
    // Served meanwhile.
    expect((await get(`${main.url}/healthz`)).status).toBe(200);
    const results = await Promise.all(sockets);
    const times = results.map((result) => result.ms);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(580);
    const dripAnswers = new Set(results.filter((_, index) => index % 2 === 1).map((result) => result.text.split('\r\n')[0]));
    // Node answers 408 and closes; a client still writing may see the close as a reset that
    // discards the 408 before it is read (Node's timeout path, not this server's code).
    expect([...dripAnswers].filter((first) => first !== 'HTTP/1.1 408 Request Timeout' && first !== '')).toEqual([]);
    expect((await get(`${main.url}/healthz`)).status).toBe(200);
    main.child.kill('SIGINT');
    expect((await main.exited).code).toBe(0);
    report('slowloris-headers', {
      headersTimeoutMs: 600,
      silentConnections: 50,
      drippingConnections: 50,
      closedAfterMs: { min: Math.round(Math.min(...times)), max: Math.round(Math.max(...times)) },
      drippingThatRead408: results.filter((result, index) => index % 2 === 1 && result.text.startsWith('HTTP/1.1 408')).length,
    });
  }, 30_000);
});
