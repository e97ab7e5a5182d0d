// What Redis scale-out costs, as ratios to the in-process mode measured in the same run:
//   npx tsx scripts/bench-redis.ts      (needs redis-server on PATH; starts its own on a free port)
// 1. Latency: a chat message from one client until another member receives it, one at a time.
// 2. Fan-out: a burst of messages to a room of members, until every member has every message.
// Servers, Redis and clients share this machine, so read the ratios, not the absolute figures.
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { type ChatServer, createServer, type ServerOptions } from '../src/server.js';
import { startRedis } from '../test/redis/redis-server.js';

const LATENCY_ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2_000);
const FANOUT_MEMBERS = Number(process.env['BENCH_MEMBERS'] ?? 100);
const FANOUT_MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 500);

const limits: ServerOptions = { host: '127.0.0.1', port: 0, messageRate: 1_000_000, messageBurst: 1_000_000, maxClients: 100_000, maxConnectionsPerIp: 0 };

async function start(options: ServerOptions): Promise<{ server: ChatServer; ws: string }> {
  const server = createServer({ ...limits, ...options });
  const { port } = await server.start();
  return { server, ws: `ws://127.0.0.1:${port}/ws` };
}

/** A member of `room`; `onChat` sees every chat message it receives. */
async function member(url: string, room: string, onChat: (text: string) => void): Promise<WebSocket> {
  const ws = new WebSocket(url);
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; text?: string };
    if (message.type === 'welcome') ws.send(JSON.stringify({ type: 'join', room }));
    else if (message.type === 'joined') joined();
    else if (message.type === 'chat') onChat(message.text!);
  });
  await ready;
  return ws;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function latency(senderUrl: string, receiverUrl: string, room: string): Promise<{ p50: number; p99: number }> {
  let arrived: (() => void) | undefined;
  const receiver = await member(receiverUrl, room, () => arrived?.());
  const sender = await member(senderUrl, room, () => {});
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_ROUNDS; i += 1) {
    const got = new Promise<void>((resolve) => (arrived = resolve));
    const started = performance.now();
    sender.send(JSON.stringify({ type: 'chat', room, text: `m${i}` }));
    await got;
    samples.push((performance.now() - started) * 1_000);
  }
  sender.terminate();
  receiver.terminate();
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

async function fanOut(senderUrl: string, memberUrls: string[], room: string): Promise<number> {
  let remaining = memberUrls.length * FANOUT_MESSAGES;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const members: WebSocket[] = [];
  for (const url of memberUrls) {
    members.push(
      await member(url, room, () => {
        remaining -= 1;
        if (remaining === 0) done();
      }),
    );
  }
  const sender = await member(senderUrl, `${room}-sender`, () => {});
  sender.send(JSON.stringify({ type: 'join', room }));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  for (let i = 0; i < FANOUT_MESSAGES; i += 1) sender.send(JSON.stringify({ type: 'chat', room, text: `burst ${i}` }));
  await finished;
  const seconds = (performance.now() - started) / 1_000;
  for (const ws of [...members, sender]) ws.terminate();
  // Done when every member has every message; the sender's own copies count as deliveries too.
  return ((memberUrls.length + 1) * FANOUT_MESSAGES) / seconds;
}

const redis = await startRedis();
const local = await start({});
const one = await start({ redisUrl: redis.url });
const two = await start({ redisUrl: redis.url });
try {
  // Warm-up: JIT and connections, not measured.
  await latency(local.ws, local.ws, 'warm');
  await latency(one.ws, two.ws, 'warm');

  const inProcess = await latency(local.ws, local.ws, 'lat-local');
  const sameInstance = await latency(one.ws, one.ws, 'lat-same');
  const across = await latency(one.ws, two.ws, 'lat-across');
  const fmt = (value: number): string => `${Math.round(value)} µs`;
  const ratio = (value: number, base: number): string => `${(value / base).toFixed(2)}x`;
  console.log(`latency, ${LATENCY_ROUNDS} messages one at a time (p50 / p99, ratio to in-process):`);
  console.log(`  in-process                 ${fmt(inProcess.p50)} / ${fmt(inProcess.p99)}`);
  console.log(`  Redis, same instance       ${fmt(sameInstance.p50)} / ${fmt(sameInstance.p99)}   ${ratio(sameInstance.p50, inProcess.p50)} / ${ratio(sameInstance.p99, inProcess.p99)}`);
  console.log(`  Redis, across instances    ${fmt(across.p50)} / ${fmt(across.p99)}   ${ratio(across.p50, inProcess.p50)} / ${ratio(across.p99, inProcess.p99)}`);

  const half = FANOUT_MEMBERS / 2;
  const localRate = await fanOut(local.ws, Array.from({ length: FANOUT_MEMBERS }, () => local.ws), 'fan-local');
  const redisRate = await fanOut(one.ws, [...Array.from({ length: half }, () => one.ws), ...Array.from({ length: half }, () => two.ws)], 'fan-redis');
  console.log(`fan-out, ${FANOUT_MESSAGES} messages to ${FANOUT_MEMBERS} members + the sender (deliveries/s):`);
  console.log(`  in-process, one instance   ${Math.round(localRate)}`);
  console.log(`  Redis, members on two      ${Math.round(redisRate)}   ${ratio(redisRate, localRate)}`);
} finally {
  await Promise.all([local.server.stop(), one.server.stop(), two.server.stop()]);
  await redis.stop();
}
