import { loadStarter } from './load-starter.js';
import type { BenchServer, ServerSetup } from './server-setup.js';
import { writeWindow, writeWindowNote } from './write-window.js';

interface WebSocketStarter {
  createServer(options: Record<string, unknown>): { start(): Promise<{ port: number }>; stop(): Promise<void>; chat: { stats(): unknown } };
  CHAT_DEFAULTS: { writeBatchMs: number; writeBatchAbove: number };
}

const DEFAULT_MESSAGE_RATE = 20;
const DEFAULT_MAX_TEXT = 2_000;

/** templates/websocket as its users run it: a chat room, the publisher one member of it. */
export async function startWsStarter(setup: ServerSetup): Promise<BenchServer> {
  const { createServer, CHAT_DEFAULTS } = await loadStarter<WebSocketStarter>(setup.root, 'websocket');
  // The publisher is one connection sending every event; the starter's per-connection token
  // bucket (20 messages/s) would refuse all but a trickle, so the run raises it, and says so.
  const messageRate = Math.max(DEFAULT_MESSAGE_RATE, Math.ceil(setup.rate * 2));
  const maxTextLength = Math.max(DEFAULT_MAX_TEXT, setup.payload + 64);
  const window = await writeWindow(setup.root, 'websocket', CHAT_DEFAULTS.writeBatchMs, CHAT_DEFAULTS.writeBatchAbove);
  const server = createServer({
    ...window.options,
    port: 0,
    messageRate,
    messageBurst: messageRate,
    maxTextLength,
    maxClients: Math.max(10_000, setup.clients + 10),
    // Every bench client is 127.0.0.1: the per-address cap (1,000) would refuse --memory's 5,000.
    maxConnectionsPerIp: 0,
    ...(setup.redisUrl === undefined ? {} : { redisUrl: setup.redisUrl }),
  });
  const { port } = await server.start();
  const notes = [
    `websocket starter: publisher rate limit raised from ${DEFAULT_MESSAGE_RATE}/s to ${messageRate}/s (burst ${messageRate}) for the one publishing connection`,
    'websocket starter: the per-address connection cap (1,000) is off, as its README says for clients behind one proxy: every bench client is 127.0.0.1',
    'websocket starter: the publisher is a room member, so each event is also echoed to it (N+1 sends per event; only the N subscribers are counted)',
    writeWindowNote('websocket', window),
  ];
  if (maxTextLength !== DEFAULT_MAX_TEXT) notes.push(`websocket starter: maxTextLength raised to ${maxTextLength} for the payload`);
  if (setup.redisUrl !== undefined) notes.push('websocket starter, Redis mode: redisUrl set to the run\'s own redis-server on loopback (no persistence)');
  return { port, notes, stop: () => server.stop(), stats: () => server.chat.stats() };
}
