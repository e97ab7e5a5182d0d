import { get, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSseParser } from '../../public/sse-parser.js';
import { createMemoryHub } from '../../src/event-hub.js';
import { createServer, type SseServer } from '../../src/server.js';
import { startNginx } from './nginx.js';

const EVENTS = 10_000;
const SUBSCRIBERS = 50;

/** A deterministic generator (mulberry32), so a failing run can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  /** Sequence numbers received, in order. */
  received: number[];
  /** Events reported lost by reset events. */
  missedByReset: number;
  resets: number;
  connections: number;
}

/**
 * A subscriber that reconnects with Last-Event-ID after every end or cut, the way EventSource
 * does, until it has the event with id `lastId()`.
 */
function subscribe(base: string, rand: () => number, cutClientSide: () => boolean, awayMs: number) {
  const outcome: Outcome = { received: [], missedByReset: 0, resets: 0, connections: 0 };
  let lastEventId = '';
  let request: ClientRequest | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;

  const connectOnce = (): Promise<void> =>
    new Promise((resolve) => {
      outcome.connections += 1;
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (lastEventId !== '') headers['Last-Event-ID'] = lastEventId;
      const parser = createSseParser({
        onEvent(event) {
          lastEventId = event.lastEventId;
          if (event.type === 'reset') {
            outcome.resets += 1;
            const { missed } = JSON.parse(event.data) as { missed: number | null };
            outcome.missedByReset += missed ?? 0;
          } else if (event.type === 'n') {
            outcome.received.push(Number(event.data));
          }
        },
      });
      request = get(`${base}events`, { headers, agent: false }, (response: IncomingMessage) => {
        response.on('data', (chunk: Buffer) => {
          parser.push(chunk);
          // The id-only opening block moves the cursor too.
          if (parser.lastEventId() !== '') lastEventId = parser.lastEventId();
        });
        response.once('close', () => resolve());
      });
      request.once('error', () => resolve());
      // Client-side cuts at random moments.
      if (cutClientSide()) {
        const r = request;
        setTimeout(() => r.destroy(), 5 + Math.floor(rand() * 200));
      }
    });

  const done = (async () => {
    while (!stopped) {
      await connectOnce();
      if (stopped) break;
      // EventSource waits retry: ms; a short random wait keeps the campaign quick.
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.floor(rand() * awayMs));
      });
    }
  })();

  return {
    outcome,
    lastEventId: () => lastEventId,
    stop: async () => {
      stopped = true;
      request?.destroy();
      wake?.();
      await done;
    },
  };
}

async function campaign(label: string, server: SseServer, base: string, seed: number, awayMs = 30): Promise<void> {
  const rand = random(seed);
  const live = new Set<ServerResponse>();
  server.httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/events')) {
      live.add(res);
      res.once('close', () => live.delete(res));
    }
  });

  const subscribers = Array.from({ length: SUBSCRIBERS }, () => subscribe(base, rand, () => rand() < 0.3, awayMs));
  // Every subscriber holds a cursor (the opening id: 0) before the first event: from then on
  // it is owed every event, whatever happens to its connections.
  while (subscribers.some((s) => s.lastEventId() === '')) await new Promise((resolve) => setTimeout(resolve, 10));

  let serverCuts = 0;
  const publishStarted = Date.now();
  for (let n = 1; n <= EVENTS; n += 1) {
    server.publish('n', n);
    if (n % 25 === 0) {
      // Server-side cuts at random moments: a subscriber's connection is destroyed mid-stream.
      if (rand() < 0.3 && live.size > 0) {
        const victims = [...live];
        victims[Math.floor(rand() * victims.length)]?.destroy();
        serverCuts += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
  const publishMs = Date.now() - publishStarted;
  const lastId = String(server.hub.lastId);
  const deadline = Date.now() + 60_000;
  while (subscribers.some((s) => s.lastEventId() !== lastId) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await Promise.all(subscribers.map((s) => s.stop()));

  let resets = 0;
  let connections = 0;
  let missed = 0;
  for (const [index, { outcome }] of subscribers.entries()) {
    resets += outcome.resets;
    missed += outcome.missedByReset;
    connections += outcome.connections;
    // No duplicate, no gap: strictly consecutive from 1, except exactly what resets reported.
    const seen = outcome.received;
    expect(new Set(seen).size, `subscriber ${index}: duplicates`).toBe(seen.length);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]! > seen[i - 1]!, `subscriber ${index}: order`).toBe(true);
    expect(seen.length + outcome.missedByReset, `subscriber ${index}: gap not reported`).toBe(EVENTS);
    if (outcome.resets === 0) expect(seen).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
  }
  console.log(
    `[${label}] ${EVENTS} events in ${publishMs} ms to ${SUBSCRIBERS} subscribers; ` +
      `${serverCuts} server-side cuts, ${connections - SUBSCRIBERS} reconnects in all, ${resets} resets reporting ${missed} lost events; ` +
      `every subscriber complete, no gap, no duplicate (seed ${seed})`,
  );
}

function startSse(replayBuffer = 1000): Promise<{ server: SseServer; base: string }> {
  const server = createServer({
    host: '127.0.0.1',
    port: 0,
    feedIntervalMs: 0,
    keepAliveMs: 0,
    onError: (error) => {
      throw error;
    },
    log: () => {},
    replayBuffer,
    hub: createMemoryHub({ replayBuffer, firstId: 1 }),
  });
  onTestFinished(() => server.stop());
  return server.start().then(({ url }) => ({ server, base: url }));
}

describe('resume under faults', () => {
  it(`delivers ${EVENTS} events to ${SUBSCRIBERS} subscribers cut at random, server side and client side`, async () => {
    const { server, base } = await startSse();
    await campaign('direct', server, base, 20261203);
  });

  it('does the same through Debian nginx with a stock proxy_pass', async () => {
    const { server } = await startSse();
    const { port } = server.httpServer.address() as { port: number };
    const nginx = await startNginx(port);
    onTestFinished(() => nginx.stop());
    await campaign('nginx', server, `http://127.0.0.1:${nginx.port}/`, 31122026);
  });

  it('tells a subscriber away longer than a small replay buffer exactly how many events it lost', async () => {
    const { server, base } = await startSse(50);
    await campaign('replay buffer 50, away up to 400 ms', server, base, 424242, 400);
  });
});
