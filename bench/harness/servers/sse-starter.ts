import { loadStarter } from './load-starter.js';
import { SSE_BATCH_LIMITS } from '../clients/sse.js';
import { BENCH_ROOM, PUBLISH_TOKEN, type BenchServer, type ServerSetup } from './server-setup.js';
import { writeWindow, writeWindowNote } from './write-window.js';

interface SseStarter {
  createServer(options: Record<string, unknown>): { start(): Promise<{ port: number }>; stop(): Promise<void>; stats(): unknown; publish(event: string, data: unknown): unknown };
  DEFAULT_OPTIONS: { writeBatchMs: number; writeBatchAbove: number };
}

/** templates/sse as its users run it: subscribers on GET /events, events in by POST /publish. */
export async function startSseStarter(setup: ServerSetup): Promise<BenchServer> {
  return startOverHttp(
    setup,
    'sse starter: events published over POST /publish, one event per request (the first form its README shows), pipelined on one keep-alive connection; no limit raised (there is no publish rate limit); demo feed off; defaults otherwise (replay buffer 1000)',
  );
}

/** The same server, published to with the batch form of POST /publish. */
export async function startSseStarterBatch(setup: ServerSetup): Promise<BenchServer> {
  return startOverHttp(
    setup,
    `sse starter, batch: events published over POST /publish {"events": [...]}: the events due in one tick of the publisher's schedule go in one request, split at the starter's default limits (${SSE_BATCH_LIMITS.maxEvents} events, ${SSE_BATCH_LIMITS.maxBodyBytes / 1024 / 1024} MiB body), pipelined on one keep-alive connection; no limit raised; demo feed off; defaults otherwise (replay buffer 1000)`,
  );
}

async function startOverHttp(setup: ServerSetup, note: string): Promise<BenchServer> {
  const { createServer, DEFAULT_OPTIONS } = await loadStarter<SseStarter>(setup.root, 'sse');
  const { options, notes } = connectionLimits(setup);
  const window = await writeWindow(setup.root, 'sse', DEFAULT_OPTIONS.writeBatchMs, DEFAULT_OPTIONS.writeBatchAbove);
  notes.push(writeWindowNote('sse', window, setup.redisUrl !== undefined));
  const server = createServer({
    port: 0,
    publishToken: PUBLISH_TOKEN,
    // The demo's simulated temperature feed would add events of its own.
    feedIntervalMs: 0,
    ...options,
    ...window.options,
    onError: () => {},
    ...redisOptions(setup),
  });
  const { port } = await server.start();
  if (setup.redisUrl !== undefined) {
    notes.push("sse starter, Redis mode: redisUrl set to the run's own redis-server on loopback (no persistence); each event is XADDed, then read back by the instance's one XREAD BLOCK reader");
  }
  return { port, notes: [note, ...notes], stop: () => server.stop(), stats: () => server.stats() };
}

/** Redis mode for a --redis subject: a stream key of this process's own, so runs never share one. */
function redisOptions(setup: ServerSetup): Record<string, unknown> {
  return setup.redisUrl === undefined ? {} : { redisUrl: setup.redisUrl, redisStreamKey: `bench:${process.pid}` };
}

const DEFAULT_MAX_SUBSCRIBERS = 10_000;
const DEFAULT_MAX_CONNECTIONS_PER_IP = 1000;

/**
 * Every bench client connects from 127.0.0.1, so --memory's 5,000 idle subscribers would meet
 * the starter's per-address cap (1000): raised only when the run needs it, and said so.
 */
function connectionLimits(setup: ServerSetup): { options: Record<string, number>; notes: string[] } {
  const needed = setup.clients + 10;
  const options: Record<string, number> = {};
  const notes: string[] = [];
  if (needed > DEFAULT_MAX_SUBSCRIBERS) {
    options.maxSubscribers = needed;
    notes.push(`sse starter: maxSubscribers raised from ${DEFAULT_MAX_SUBSCRIBERS} to ${needed}`);
  }
  if (needed > DEFAULT_MAX_CONNECTIONS_PER_IP) {
    options.maxConnectionsPerIp = needed;
    notes.push(`sse starter: maxConnectionsPerIp raised from ${DEFAULT_MAX_CONNECTIONS_PER_IP} to ${needed} (every client connects from 127.0.0.1, as behind a proxy)`);
  }
  return { options, notes };
}

/** The same starter fed by server.publish() in its own process: no HTTP request per event. */
export async function startSseStarterInProcess(setup: ServerSetup): Promise<BenchServer> {
  const { createServer, DEFAULT_OPTIONS } = await loadStarter<SseStarter>(setup.root, 'sse');
  const { options, notes } = connectionLimits(setup);
  const window = await writeWindow(setup.root, 'sse', DEFAULT_OPTIONS.writeBatchMs, DEFAULT_OPTIONS.writeBatchAbove);
  notes.push(writeWindowNote('sse', window));
  const server = createServer({ port: 0, feedIntervalMs: 0, ...options, ...window.options, onError: () => {} });
  const { port } = await server.start();
  return {
    port,
    notes: ['sse starter, in-process: the same server fed by server.publish() from a schedule inside its process (server CPU includes the publisher)', ...notes],
    stop: () => server.stop(),
    stats: () => server.stats(),
    publish: (text) => void server.publish(BENCH_ROOM, text),
  };
}
