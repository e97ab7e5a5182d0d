import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { PriceUpdate__Output } from '../../src/gen/grpc-js/stock/v1/PriceUpdate.js';
import { stockProto } from '../../src/proto.js';
import { sleep, unary, waitFor } from '../helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const IDLE = 5_000;
const BATCH = 250;
/** Connections over the per-address cap, from the address that holds the idle ones. */
const FLOOD = 1_000;
/**
 * The idle clients' address. The real grpc-js client that checks the server still answers
 * comes from 127.0.0.1 (it cannot pick its own), so the per-address cap, set to IDLE, is full
 * for this address only. All of 127/8 is loopback on Linux.
 */
const IDLE_ADDRESS = '127.0.0.2';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
/** An HTTP/2 frame header: 24-bit length, type, flags, stream 0. */
const frame = (type: number, flags: number, payload = Buffer.alloc(0)): Buffer =>
  Buffer.concat([Buffer.from([payload.length >> 16, (payload.length >> 8) & 0xff, payload.length & 0xff, type, flags, 0, 0, 0, 0]), payload]);
const SETTINGS = 0x4;
const PING = 0x6;
const ACK = 0x1;

/**
 * An idle HTTP/2 client on a raw socket: the preface and empty SETTINGS, then nothing but what
 * a live client must do (acknowledge the server's SETTINGS and answer its keepalive PINGs).
 * Resolves true once the server's own SETTINGS arrived (it took the connection), false if the
 * connection closed first. Raw sockets, not grpc-js clients: 5,000 of those would measure the
 * test process, not the server.
 */
function idleClient(port: number, sockets: Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: IDLE_ADDRESS });
    sockets.push(socket);
    let pending = Buffer.alloc(0);
    let accepted = false;
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(accepted));
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 9) {
        const length = pending.readUIntBE(0, 3);
        if (pending.length < 9 + length) break;
        const [type, flags] = [pending[3], pending[4]!];
        const payload = pending.subarray(9, 9 + length);
        pending = pending.subarray(9 + length);
        if (type === SETTINGS && (flags & ACK) === 0) {
          socket.write(frame(SETTINGS, ACK));
          accepted = true;
          resolve(true);
        } else if (type === PING && (flags & ACK) === 0) {
          socket.write(frame(PING, ACK, Buffer.from(payload)));
        }
      }
    });
    socket.write(Buffer.concat([PREFACE, frame(SETTINGS, 0)]));
  });
}

async function openIdle(port: number, count: number): Promise<{ sockets: Socket[]; accepted: number }> {
  const sockets: Socket[] = [];
  let accepted = 0;
  for (let start = 0; start < count; start += BATCH) {
    const batch = await Promise.all(Array.from({ length: Math.min(BATCH, count - start) }, () => idleClient(port, sockets)));
    accepted += batch.filter(Boolean).length;
  }
  return { sockets, accepted };
}

async function closeAll(sockets: Socket[]): Promise<void> {
  await Promise.all(
    sockets.map((socket) =>
      socket.destroyed
        ? undefined
        : new Promise<void>((resolve) => {
            socket.once('close', () => resolve());
            socket.destroy();
          }),
    ),
  );
}

/** Open file descriptors of a process: one per connection it holds, plus its own few. */
const openFds = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;

/**
 * The process's own descriptors once they stop changing: just after "listening" a starting
 * Node (24 in CI) still holds a few files of its start-up open, and a baseline read then was 5
 * above what it kept, so 5,000 held connections counted as 4,995.
 */
async function settledFds(pid: number): Promise<number> {
  let last = openFds(pid);
  for (let stable = 0, tries = 0; stable < 3 && tries < 50; tries++) {
    await sleep(200);
    const now = openFds(pid);
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}
const rssMiB = (pid: number): number => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 102.4) / 10;

describe(`campaign: ${IDLE} idle connections`, () => {
  it('accepts them all, refuses a flood over the per-address cap, frees them all (the server holds as many descriptors after two rounds as before), and still answers', { timeout: 180_000 }, async () => {
    // The server's own file limit is raised in its shell, as an operator would for this load.
    const child = spawn('sh', ['-c', 'ulimit -n 20000 && exec "$0" --import tsx src/main.ts', process.execPath], {
      cwd: root,
      // Room for exactly IDLE connections from IDLE_ADDRESS, so the flood is all over the cap.
      env: { ...process.env, GRPC_PORT: '0', SHUTDOWN_GRACE_MS: '1000', MAX_CONNECTIONS_PER_IP: String(IDLE) },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /listening on (\S+)/.exec(stdout);
          if (match?.[1]) resolve(match[1]);
        });
        void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
      });
      const pid = child.pid!;
      const port = Number(address.slice(address.lastIndexOf(':') + 1));
      // One real call first, so what the server opens for its first call is in the baseline too.
      const warm = new stockProto.StockService(address, grpc.credentials.createInsecure());
      await unary<unknown, PriceUpdate__Output>(warm.getPrice.bind(warm) as never, { symbols: ['AAPL'] });
      warm.close();
      const fdsBefore = await settledFds(pid);
      const rssBefore = rssMiB(pid);
      const rounds: { accepted: number; floodRefused: number; fdsHeld: number; rssHeld: number; fdsAfter: number; rssAfter: number }[] = [];

      for (let round = 0; round < 2; round++) {
        const { sockets, accepted } = await openIdle(port, IDLE);
        const fdsHeld = openFds(pid);
        const rssHeld = rssMiB(pid);
        expect(accepted).toBe(IDLE);
        // One descriptor per connection, give or take the two of its own that a Node process
        // opens and closes by itself (the same slack as the check after closing).
        expect(fdsHeld - fdsBefore).toBeGreaterThanOrEqual(IDLE - 2);
        // The address is at its cap: every further connection from it is closed on arrival.
        const flood = await openIdle(port, FLOOD);
        const floodRefused = FLOOD - flood.accepted;
        expect(floodRefused).toBe(FLOOD);
        await closeAll(flood.sockets);
        // Holding them, the server still serves a real client.
        const client = new stockProto.StockService(address, grpc.credentials.createInsecure());
        const update = await unary<unknown, PriceUpdate__Output>(client.getPrice.bind(client) as never, { symbols: ['AAPL'] });
        expect(update.symbol).toBe('AAPL');
        client.close();
        await closeAll(sockets);
        // Every connection is freed on the server: back to the descriptors it had before.
        await waitFor(() => openFds(pid) <= fdsBefore + 2, 20_000, 'the server to close every connection');
        rounds.push({ accepted, floodRefused, fdsHeld, rssHeld, fdsAfter: openFds(pid), rssAfter: rssMiB(pid) });
      }

      console.log(`campaign ${JSON.stringify({ test: 'grpc-idle-connections', idle: IDLE, fdsBefore, rssBeforeMiB: rssBefore, rounds })}`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
