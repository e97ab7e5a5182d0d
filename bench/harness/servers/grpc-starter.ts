import { loadStarter } from './load-starter.js';
import type { BenchServer, ServerSetup } from './server-setup.js';

interface GrpcStarter {
  createServer(options: Record<string, unknown>): { start(): Promise<{ port: number }>; stop(): Promise<void>; stats(): unknown };
  DEFAULT_MAX_CALLS_PER_IP: number;
}

const DEFAULT_PARTICIPANTS = 1_000;
const DEFAULT_MAX_TEXT = 1_000;
const DEFAULT_MAX_CONNECTIONS_PER_IP = 1_000;
const DEFAULT_CHAT_MESSAGE_RATE = 20;

/** templates/grpc's TradeChat as its users run it: the publisher one participant, relayed to the rest. */
export async function startGrpcStarter(setup: ServerSetup): Promise<BenchServer> {
  const { createServer, DEFAULT_MAX_CALLS_PER_IP } = await loadStarter<GrpcStarter>(setup.root, 'grpc');
  const maxChatParticipants = Math.max(DEFAULT_PARTICIPANTS, setup.clients + 10);
  const maxChatTextLength = Math.max(DEFAULT_MAX_TEXT, setup.payload + 64);
  // Every bench client has a connection of its own from 127.0.0.1: the starter's per-address
  // cap (1000) is raised only when the run needs more, and said so.
  const connections = setup.clients + 10;
  const maxConnectionsPerIp = Math.max(DEFAULT_MAX_CONNECTIONS_PER_IP, connections);
  // The publisher is one participant sending every event; the starter's per-sender limit (20
  // messages/s, 40 at once) would end its call at once, so the run raises it, and says so.
  const chatMessageRate = Math.max(DEFAULT_CHAT_MESSAGE_RATE, Math.ceil(setup.rate * 2));
  // One call per connection here: the per-address call cap is raised as the connection cap is.
  const maxCallsPerIp = Math.max(DEFAULT_MAX_CALLS_PER_IP, connections);
  const server = createServer({ port: 0, maxChatParticipants, maxChatTextLength, maxConnectionsPerIp, maxCallsPerIp, chatMessageRate, chatMessageBurst: chatMessageRate, shutdownGraceMs: 500 });
  const { port } = await server.start();
  const notes = ['grpc starter: TradeChat, the publisher one participant (no echo to the sender); chatBacklog 64 as shipped, a participant over it is dropped'];
  notes.push(`grpc starter: publisher sending limit raised from ${DEFAULT_CHAT_MESSAGE_RATE}/s to ${chatMessageRate}/s (burst ${chatMessageRate}) for the one publishing participant`);
  if (maxChatParticipants !== DEFAULT_PARTICIPANTS) notes.push(`grpc starter: maxChatParticipants raised to ${maxChatParticipants}`);
  if (maxConnectionsPerIp !== DEFAULT_MAX_CONNECTIONS_PER_IP) {
    notes.push(`grpc starter: maxConnectionsPerIp raised from ${DEFAULT_MAX_CONNECTIONS_PER_IP} to ${maxConnectionsPerIp} (every client connects from 127.0.0.1, as behind a proxy)`);
  }
  if (maxCallsPerIp !== DEFAULT_MAX_CALLS_PER_IP) {
    notes.push(`grpc starter: maxCallsPerIp raised from ${DEFAULT_MAX_CALLS_PER_IP} to ${maxCallsPerIp} (one call per client, every client from 127.0.0.1)`);
  }
  if (maxChatTextLength !== DEFAULT_MAX_TEXT) notes.push(`grpc starter: maxChatTextLength raised to ${maxChatTextLength} for the payload`);
  return { port, notes, stop: () => server.stop(), stats: () => server.stats() };
}
