import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import { createServer } from '../../src/server.js';
import { upgradeRequest, openRawSocket } from '../raw-socket.js';

const SLOW = 10;
const FAST = 10;
const MESSAGES = 5_000;
const TEXT = 'x'.repeat(1000);
/** Stated bound: what the server may hold for 10 clients that never read, whatever is sent. */
const MEMORY_BOUND = 64 * 2 ** 20;

interface Fast {
  latencies: number[];
  received: number;
  done: Promise<void>;
}

/** A room member that keeps only counts and latencies, so the process measures the server. */
async function fastMember(wsUrl: string): Promise<Fast> {
  const ws = new WebSocket(wsUrl);
  onTestFinished(() => ws.terminate());
  const state: Fast = { latencies: [], received: 0, done: Promise.resolve() };
  let finish: () => void = () => {};
  state.done = new Promise((resolve) => (finish = resolve));
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; text?: string };
    if (message.type === 'welcome') ws.send(JSON.stringify({ type: 'join', room: 'load' }));
    if (message.type !== 'chat') return;
    const sentAt = Number(message.text?.slice(0, message.text.indexOf(' ')));
    state.latencies.push(performance.now() + performance.timeOrigin - sentAt);
    state.received += 1;
    if (state.received === MESSAGES) finish();
  });
  await new Promise((resolve) => ws.once('open', resolve));
  return state;
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.99)] ?? 0;
}

async function run(slowCount: number) {
  const server = createServer({
    host: '127.0.0.1',
    port: 0,
    messageRate: 1_000_000,
    messageBurst: 1_000_000,
    maxBufferedBytes: 256 * 1024,
    closeTimeoutMs: 500,
  });
  const { port } = await server.start();
  onTestFinished(() => server.stop());
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  const fast = await Promise.all(Array.from({ length: FAST }, () => fastMember(wsUrl)));

  // Never-reading members: a raw socket that completes the handshake, joins, and stops reading.
  const slow = [];
  for (let n = 0; n < slowCount; n += 1) {
    const raw = await openRawSocket(port);
    raw.socket.write(upgradeRequest());
    const join = Buffer.from(JSON.stringify({ type: 'join', room: 'load' }));
    const mask = [1, 2, 3, 4];
    raw.socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | join.length, ...mask]), Buffer.from(join.map((b, i) => b ^ mask[i % 4]!))]));
    raw.socket.pause();
    slow.push(raw);
  }
  const sender = new WebSocket(wsUrl);
  onTestFinished(() => sender.terminate());
  await new Promise((resolve) => sender.once('open', resolve));
  sender.send(JSON.stringify({ type: 'join', room: 'load' }));
  while (server.chat.stats().clients < FAST + slowCount + 1) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 200));

  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  for (let n = 0; n < MESSAGES; n += 1) {
    sender.send(JSON.stringify({ type: 'chat', room: 'load', text: `${performance.now() + performance.timeOrigin} ${TEXT}` }));
    if (n % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(fast.map((member) => member.done));
  clearInterval(sampler);
  const stats = server.chat.stats();
  return { fast, stats, before, peakRss, after: process.memoryUsage(), p99: Math.max(...fast.map((member) => p99(member.latencies))), slow };
}

describe('slow consumers', () => {
  it('closes 10 members that never read with 1013, within a stated memory bound, while fast members get every message', async () => {
    const alone = await run(0);
    const withSlow = await run(SLOW);
    for (const member of withSlow.fast) expect(member.received).toBe(MESSAGES);
    expect(withSlow.stats.slowClosed).toBe(SLOW);
    expect(withSlow.peakRss - withSlow.before.rss).toBeLessThan(MEMORY_BOUND);
    console.log(
      `[websocket slow consumers] ${MESSAGES} messages of 1 KB at full speed to a room of ${FAST} fast and ${SLOW} never-reading members: ` +
        `${withSlow.stats.slowClosed} slow closed with 1013, every fast member got all ${MESSAGES}; RSS ${(withSlow.before.rss / 2 ** 20).toFixed(0)} -> peak ` +
        `${(withSlow.peakRss / 2 ** 20).toFixed(0)} -> ${(withSlow.after.rss / 2 ** 20).toFixed(0)} MiB (bound +${MEMORY_BOUND / 2 ** 20} MiB); ` +
        `fast p99 latency ${alone.p99.toFixed(1)} ms alone, ${withSlow.p99.toFixed(1)} ms with slow members (x${(withSlow.p99 / Math.max(alone.p99, 0.1)).toFixed(2)})`,
    );
  });
});
