import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_CHANNEL_OPTIONS } from '../../src/channel-options.js';
import { backoffDelay, isUnavailable } from '../../src/client/backoff.js';
import type { StockServiceClient } from '../../src/gen/grpc-js/stock/v1/StockService.js';
import type { TradeMessage, TradeMessage__Output } from '../../src/gen/grpc-js/stock/v1/TradeMessage.js';
import { stockProto } from '../../src/proto.js';
import { createServer, type StockServer } from '../../src/server.js';
import { waitFor } from '../helpers.js';

/**
 * What a well-behaved client does (the same as src/client/prices.ts and chat.ts): keep one
 * stream open, and on UNAVAILABLE come back after backoffDelay() with full jitter.
 */
interface Resilient {
  /** Status codes the client's calls ended with, in order. */
  statuses: number[];
  /** Messages received, all connections together. */
  received: number;
  /** Successful (re)connections: a first message or the chat's response headers. */
  connections: number;
  /** Waits between attempts, in ms. */
  delays: number[];
  stop(): void;
  done: Promise<void>;
}

function keepStreaming(open: () => grpc.ClientReadableStream<unknown> | grpc.ClientDuplexStream<unknown, unknown>, joined: 'data' | 'metadata'): Resilient {
  const state: Resilient = { statuses: [], received: 0, connections: 0, delays: [], stop: () => undefined, done: Promise.resolve() };
  let stopped = false;
  let current: ReturnType<typeof open> | undefined;
  state.stop = () => {
    stopped = true;
    current?.cancel();
  };
  state.done = (async () => {
    for (let attempt = 0; !stopped; ) {
      const code = await new Promise<number>((resolve) => {
        const call = open();
        current = call;
        let counted = false;
        call.on(joined, () => {
          if (!counted) {
            counted = true;
            state.connections++;
            attempt = 0;
          }
        });
        call.on('data', () => state.received++);
        call.on('error', () => undefined);
        call.on('status', (s: grpc.StatusObject) => resolve(s.code));
      });
      state.statuses.push(code);
      if (stopped) break;
      if (!isUnavailable({ code })) throw new Error(`stream ended with ${grpc.status[code]}, not UNAVAILABLE`);
      const delay = backoffDelay(attempt++, { initialMs: 50, maxMs: 1_000 });
      state.delays.push(delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  })();
  return state;
}

let servers: StockServer[] = [];
const clients: grpc.Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});

describe('campaign: server restart with StreamPrices and TradeChat open', () => {
  it('clients see UNAVAILABLE, come back with backoff, carry on; the old server leaks no timer, stream or call', async () => {
    const first = createServer({ port: 0, priceIntervalMs: 20, shutdownGraceMs: 500 });
    servers.push(first);
    const { port } = await first.start();
    const client = (): StockServiceClient => {
      // Each its own connection, as separate processes would have.
      const c = new stockProto.StockService(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        ...CLIENT_CHANNEL_OPTIONS,
        'grpc.use_local_subchannel_pool': 1,
      });
      clients.push(c);
      return c;
    };

    const PRICE_CLIENTS = 20;
    const CHATTERS = 5;
    const pricers = Array.from({ length: PRICE_CLIENTS }, () => {
      const c = client();
      return keepStreaming(() => c.streamPrices({ symbols: ['AAPL', 'MSFT'] }), 'data');
    });
    const chatCalls: grpc.ClientDuplexStream<TradeMessage, TradeMessage__Output>[] = [];
    const chatters = Array.from({ length: CHATTERS }, (_, i) => {
      const c = client();
      return keepStreaming(() => {
        const metadata = new grpc.Metadata();
        metadata.set('x-participant', `chatter-${i}`);
        const call = c.tradeChat(metadata);
        chatCalls[i] = call;
        return call;
      }, 'metadata');
    });
    await waitFor(() => pricers.every((p) => p.received >= 3) && chatters.every((c) => c.connections === 1), 15_000, 'every client to be served');
    expect(first.stats()).toMatchObject({ activePriceStreams: PRICE_CLIENTS, chatParticipants: CHATTERS, activeTimers: 1 });

    // The restart: stop, then a new server on the same port.
    await first.stop();
    expect(first.stats()).toMatchObject({ activePriceStreams: 0, chatParticipants: 0, activeTimers: 0, activeCalls: 0 });
    await waitFor(() => [...pricers, ...chatters].every((c) => c.statuses.length >= 1), 5_000, 'every client to get a status');
    const second = createServer({ port, priceIntervalMs: 20, shutdownGraceMs: 500 });
    servers.push(second);
    await second.start();

    // Everyone is back: prices flow again and the chat relays.
    const before = pricers.map((p) => p.received);
    await waitFor(() => pricers.every((p, i) => p.connections >= 2 && p.received > before[i]! + 2), 20_000, 'every price client to come back');
    await waitFor(() => chatters.every((c) => c.connections >= 2), 20_000, 'every chatter to rejoin');
    expect(second.stats()).toMatchObject({ activePriceStreams: PRICE_CLIENTS, chatParticipants: CHATTERS, activeTimers: 1 });
    const chatBefore = chatters.map((c) => c.received);
    chatCalls[0]!.write({ text: 'back again' });
    await waitFor(() => chatters.every((c, i) => i === 0 || c.received > chatBefore[i]!), 5_000, 'the chat to relay');

    // Every call the restart ended, ended with UNAVAILABLE, and each client waited before retrying.
    for (const c of [...pricers, ...chatters]) {
      expect(c.statuses.every((code) => code === grpc.status.UNAVAILABLE)).toBe(true);
      expect(c.delays.length).toBeGreaterThanOrEqual(1);
    }
    const delays = [...pricers, ...chatters].flatMap((c) => c.delays);
    console.log(
      `restart: ${PRICE_CLIENTS} price + ${CHATTERS} chat clients, statuses ${JSON.stringify(countBy([...pricers, ...chatters].flatMap((c) => c.statuses)))}, ` +
        `retries ${delays.length}, backoff ${Math.min(...delays)}-${Math.max(...delays)} ms, old server after stop: ${JSON.stringify(pick(first.stats()))}`,
    );

    for (const c of [...pricers, ...chatters]) c.stop();
    await Promise.all([...pricers, ...chatters].map((c) => c.done));
    await waitFor(() => second.stats().activeCalls === 0, 5_000, 'the new server to be idle');
    expect(second.stats()).toMatchObject({ activePriceStreams: 0, chatParticipants: 0, activeTimers: 0 });
  }, 90_000);
});

function countBy(codes: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) {
    const name = grpc.status[code] ?? String(code);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

function pick(stats: ReturnType<StockServer['stats']>) {
  const { activePriceStreams, chatParticipants, activeTimers, activeCalls } = stats;
  return { activePriceStreams, chatParticipants, activeTimers, activeCalls };
}
