import { loadStarter } from './load-starter.js';
import { BENCH_ROOM, PUBLISH_TOKEN, type BenchServer, type ServerSetup } from './server-setup.js';

interface SseStarter {
  createServer(options: Record<string, unknown>): { start(): Promise<{ port: number }>; stop(): Promise<void>; stats(): unknown; publish(event: string, data: unknown): unknown };
}

/** templates/sse as its users run it: subscribers on GET /events, events in by POST /publish. */
export async function startSseStarter(setup: ServerSetup): Promise<BenchServer> {
  const { createServer } = await loadStarter<SseStarter>(setup.root, 'sse');
  const server = createServer({
    port: 0,
    publishToken: PUBLISH_TOKEN,
    // The demo's simulated temperature feed would add events of its own.
    feedIntervalMs: 0,
    maxSubscribers: Math.max(10_000, setup.clients + 10),
    // Every bench client is 127.0.0.1: the per-address cap (1,000) would refuse --memory's 5,000.
    maxConnectionsPerIp: 0,
    onError: () => {},
  });
  const { port } = await server.start();
  return {
    port,
    notes: [
      'sse starter: events published over POST /publish (one event per request, as its README shows), no rate limit to raise; demo feed off; per-address connection cap off (every bench client is 127.0.0.1); defaults otherwise (replay buffer 1000)',
    ],
    stop: () => server.stop(),
    stats: () => server.stats(),
  };
}

/** The same starter fed by server.publish() in its own process: no HTTP request per event. */
export async function startSseStarterInProcess(setup: ServerSetup): Promise<BenchServer> {
  const { createServer } = await loadStarter<SseStarter>(setup.root, 'sse');
  const server = createServer({ port: 0, feedIntervalMs: 0, maxSubscribers: Math.max(10_000, setup.clients + 10), maxConnectionsPerIp: 0, onError: () => {} });
  const { port } = await server.start();
  return {
    port,
    notes: ['sse starter, in-process: the same server fed by server.publish() from a schedule inside its process (server CPU includes the publisher)'],
    stop: () => server.stop(),
    stats: () => server.stats(),
    publish: (text) => void server.publish(BENCH_ROOM, text),
  };
}
