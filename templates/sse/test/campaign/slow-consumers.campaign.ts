import { connect, type Socket } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMemoryHub } from '../../src/event-hub.js';
import { createServer, type SseServer } from '../../src/server.js';
import { get } from 'node:http';
import { getHeapSpaceStatistics } from 'node:v8';
import { createSseParser } from '../../public/sse-parser.js';

const SLOW = 10;
const FAST = 10;
const EVENTS = 20_000;
const PAYLOAD = 'x'.repeat(1024);
/** Stated bound: what the server may hold for 10 clients that never read, whatever is published. */
const MEMORY_BOUND = 64 * 2 ** 20;
/**
 * Stated bound: bytes the server queues in user space on one connection (its socket's
 * writableLength), whatever is published. A server that wrote every event to a client that
 * never reads would queue the 20 MiB the kernel does not take.
 */
const QUEUED_PER_CONNECTION = 256 * 2 ** 10;
const youngGeneration = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;

async function startSse(): Promise<SseServer> {
  const server = createServer({
    host: '127.0.0.1',
    port: 0,
    feedIntervalMs: 0,
    keepAliveMs: 0,
    slowSubscriberTimeoutMs: 1000,
    log: () => {},
    hub: createMemoryHub({ replayBuffer: 1000, firstId: 1 }),
  });
  onTestFinished(() => server.stop());
  await server.start();
  return server;
}

/** Publishes EVENTS events as fast as the loop allows, each stamped with its send time. */
async function publish(server: SseServer): Promise<void> {
  for (let n = 1; n <= EVENTS; n += 1) {
    server.publish('tick', { n, at: performance.now(), payload: PAYLOAD });
    if (n % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.99)] ?? 0;
}

interface FastClient {
  /** Sequence numbers received, in order. */
  readonly received: number[];
  /** Publish-to-receive time of each event, in ms. */
  readonly latencies: number[];
  done(): Promise<void>;
  close(): void;
}

/** A subscriber that keeps only sequence numbers and latencies, so the process measures the server. */
function fastClient(url: string): Promise<FastClient> {
  return new Promise((resolve, reject) => {
    const received: number[] = [];
    const latencies: number[] = [];
    let finish: (() => void) | undefined;
    const request = get(`${url}events`, { agent: false }, (response) => {
      const parser = createSseParser({
        onEvent(event) {
          if (event.type !== 'tick') return;
          const { n, at } = JSON.parse(event.data) as { n: number; at: number };
          received.push(n);
          latencies.push(performance.now() - at);
          if (n === EVENTS) finish?.();
        },
      });
      response.on('data', (chunk: Buffer) => parser.push(chunk));
      resolve({
        received,
        latencies,
        done: () => (received.at(-1) === EVENTS ? Promise.resolve() : new Promise<void>((done) => (finish = done))),
        close: () => request.destroy(),
      });
    });
    request.once('error', reject);
  });
}

describe('slow consumers', () => {
  it('drops 10 clients that never read, within a stated memory bound, while fast clients get every event', async () => {
    // Baseline: fast clients alone.
    const baseline = await startSse();
    const { url: baseUrl } = { url: `http://127.0.0.1:${(baseline.httpServer.address() as { port: number }).port}/` };
    const alone = await Promise.all(Array.from({ length: FAST }, () => fastClient(baseUrl)));
    await publish(baseline);
    await Promise.all(alone.map((client) => client.done()));
    const baselineP99 = Math.max(...alone.map((client) => p99(client.latencies)));
    for (const client of alone) client.close();
    await baseline.stop();

    const server = await startSse();
    // The server's side of every connection, to see what it queues in user space for each.
    const serverSockets = new Set<Socket>();
    server.httpServer.on('connection', (socket: Socket) => {
      serverSockets.add(socket);
      socket.once('close', () => serverSockets.delete(socket));
    });
    const url = `http://127.0.0.1:${(server.httpServer.address() as { port: number }).port}/`;
    const fast = await Promise.all(Array.from({ length: FAST }, () => fastClient(url)));
    const slow: Socket[] = [];
    const slowClosed: Promise<void>[] = [];
    for (let n = 0; n < SLOW; n += 1) {
      const socket = connect(Number(new URL(url).port), '127.0.0.1');
      socket.on('error', () => {});
      socket.write('GET /events HTTP/1.1\r\nHost: x\r\n\r\n');
      socket.once('data', () => socket.pause()); // reads the headers, then never again
      slowClosed.push(new Promise((resolve) => socket.once('close', () => resolve())));
      onTestFinished(() => {
        socket.destroy();
      });
      slow.push(socket);
    }
    while (server.stats().subscribers < FAST + SLOW) await new Promise((resolve) => setTimeout(resolve, 10));

    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    let peakQueued = 0;
    const youngBefore = youngGeneration();
    let peakYoung = youngBefore;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
      let queued = 0;
      for (const socket of serverSockets) queued += socket.writableLength;
      peakQueued = Math.max(peakQueued, queued);
      peakYoung = Math.max(peakYoung, youngGeneration());
    }, 20);
    await publish(server);
    await Promise.all(fast.map((client) => client.done()));
    // Dropped as promised: cut once their socket stayed full for slowSubscriberTimeoutMs. The
    // clients go on not reading until the server has dropped them (when the fast clients were
    // done within that timeout, resuming at once let the slow ones catch up before it, and
    // nothing was dropped); then they read, to see the server's close.
    while (server.stats().subscribers > FAST) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const socket of slow) socket.resume();
    await Promise.all(slowClosed);
    clearInterval(sampler);
    const after = process.memoryUsage();
    const withSlowP99 = Math.max(...fast.map((client) => p99(client.latencies)));

    for (const client of fast) {
      expect(client.received).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    }
    expect(server.stats().subscribers).toBe(FAST);
    // What the server holds for its clients, slow ones included: what it queued on their sockets.
    expect(peakQueued).toBeLessThan((FAST + SLOW) * QUEUED_PER_CONNECTION);
    // The whole process (server and the fast clients, which parse 200 MiB of events) within the
    // bound, plus V8's young generation: V8 sizes it by itself and its pages become resident as
    // short-lived garbage fills them before a collection, 16 MiB on Node 20 but up to 128 MiB on
    // Node 24, where this check alone went over (+108 MiB RSS, 0.4 MiB queued on the sockets).
    expect(peakRss - before.rss).toBeLessThan(MEMORY_BOUND + peakYoung);
    console.log(
      `[sse slow consumers] ${EVENTS} events of 1 KiB at full speed to ${FAST} fast and ${SLOW} never-reading clients: ` +
        `all ${SLOW} slow dropped, every fast client got all ${EVENTS}; RSS ${(before.rss / 2 ** 20).toFixed(0)} -> peak ` +
        `${(peakRss / 2 ** 20).toFixed(0)} -> ${(after.rss / 2 ** 20).toFixed(0)} MiB (bound +${MEMORY_BOUND / 2 ** 20} MiB + the young generation), heap ` +
        `${(before.heapUsed / 2 ** 20).toFixed(0)} -> peak ${(peakHeap / 2 ** 20).toFixed(0)} -> ${(after.heapUsed / 2 ** 20).toFixed(0)} MiB; ` +
        `fast p99 latency ${baselineP99.toFixed(1)} ms alone, ${withSlowP99.toFixed(1)} ms with slow clients ` +
        `(x${(withSlowP99 / Math.max(baselineP99, 0.1)).toFixed(2)}); peak queued on the sockets ${(peakQueued / 2 ** 20).toFixed(2)} MiB (bound ${((FAST + SLOW) * QUEUED_PER_CONNECTION) / 2 ** 20} MiB); ` +
        `V8 young generation ${(youngBefore / 2 ** 20).toFixed(0)} -> peak ${(peakYoung / 2 ** 20).toFixed(0)} MiB`,
    );
  });
});
