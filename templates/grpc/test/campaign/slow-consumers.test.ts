import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { StockServiceClient } from '../../src/gen/grpc-js/stock/v1/StockService.js';
import type { TradeMessage, TradeMessage__Output } from '../../src/gen/grpc-js/stock/v1/TradeMessage.js';
import type { ServerStats } from '../../src/server.js';
import { stockProto } from '../../src/proto.js';
import { sleep, waitFor } from '../helpers.js';

const SLOW = 10;
const SYMBOLS = Array.from({ length: 50 }, (_, i) => `S${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`);
/** The bounds this test promises: the server's heap and RSS grow by less than this while 10 clients stop reading. */
const HEAP_BOUND_MIB = 16;
const RSS_BOUND_MIB = 64;

interface Snapshot {
  memory: NodeJS.MemoryUsage;
  /** Bytes of V8's young generation (new space). */
  young: number;
  stats: ServerStats;
}

let child: ChildProcess | undefined;
const clients: grpc.Client[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  child?.kill('SIGKILL');
  child = undefined;
});

function ask(server: ChildProcess): Promise<Snapshot> {
  return new Promise((resolve) => {
    server.once('message', (message) => resolve(message as Snapshot));
    server.send('memory');
  });
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

describe('campaign: slow consumers', () => {
  it('keeps the server within its memory bound while 10 price and 10 chat clients stop reading', async () => {
    const server = fork(fileURLToPath(new URL('./memory-server.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = server;
    const { address } = await new Promise<{ address: string }>((resolve) => server.once('message', (m) => resolve(m as { address: string })));
    const client = (): StockServiceClient => {
      const c = new stockProto.StockService(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
      clients.push(c);
      return c;
    };

    // A fast reader and a talker warm up every code path first.
    let fastReceived = 0;
    const fast = client().streamPrices({ symbols: SYMBOLS });
    fast.on('data', () => fastReceived++);
    fast.on('error', () => undefined);
    const chat = (name: string): grpc.ClientDuplexStream<TradeMessage, TradeMessage__Output> => {
      const metadata = new grpc.Metadata();
      metadata.set('x-participant', name);
      const call = client().tradeChat(metadata);
      call.on('error', () => undefined);
      return call;
    };
    const talker = chat('talker');
    await waitFor(() => fastReceived > 1_000, 20_000, 'the fast reader to be served');
    const before = await ask(server);

    // 10 price streams of 50 symbols at a 1 ms ticker, and 10 chat participants: each reads
    // once, then stops. A grpc-js call that is never read at all would not do: until its first
    // read grpc-js keeps its HTTP/2 stream flowing and queues every message in the client's own
    // process, so the server sees a fast reader (README, "A client that never reads").
    const stall = <T extends grpc.ClientReadableStream<unknown> | grpc.ClientDuplexStream<TradeMessage, TradeMessage__Output>>(call: T): T => {
      call.on('data', () => undefined);
      call.pause();
      return call;
    };
    const slowPrices = Array.from({ length: SLOW }, () => {
      const call = client().streamPrices({ symbols: SYMBOLS });
      call.on('error', () => undefined);
      return stall(call);
    });
    const slowChat = Array.from({ length: SLOW }, (_, i) => stall(chat(`slow-${i}`)));
    await waitFor(() => slowPrices.length === SLOW, 1_000);
    const text = 'x'.repeat(1_000);
    const until = Date.now() + 5_000;
    let said = 0;
    while (Date.now() < until) {
      // As fast as the talker's own flow control lets it.
      if (talker.write({ text })) said++;
      else await new Promise((resolve) => talker.once('drain', resolve));
      if (said % 50 === 0) await sleep(1);
    }
    // The stalled price streams first fill their HTTP/2 windows and the server's stream buffers
    // at the ticker's pace: on a busy machine (and Node 24/26) coalescing can start only seconds
    // in, so wait for it, bounded.
    let during = await ask(server);
    for (let i = 0; i < 100 && during.stats.priceUpdatesCoalesced <= SLOW * SYMBOLS.length; i++) {
      await sleep(200);
      during = await ask(server);
    }
    // Dropped chat participants end once their status is out, or are reset after chatDropGraceMs (1 s here).
    let after = await ask(server);
    for (let i = 0; i < 50 && after.stats.chatCallsDraining > 0; i++) {
      await sleep(200);
      after = await ask(server);
    }

    const heapGrowth = (after.memory.heapUsed - before.memory.heapUsed) / 2 ** 20;
    const rssGrowth = (after.memory.rss - before.memory.rss) / 2 ** 20;
    // RSS may also grow by what V8 added to its young generation (Node 24 in CI: RSS +69 MiB with
    // the heap in use flat at 13.7 MiB); the heap checks above and below are what catch a leak.
    const youngGrowth = Math.max(0, Math.max(during.young, after.young) - before.young) / 2 ** 20;
    console.log(
      `slow consumers: ${SLOW} price streams x ${SYMBOLS.length} symbols at 1 ms + ${SLOW} chat participants that read once and stop, ${said} chat messages of 1 KB in 5 s; ` +
        `server heap ${mib(before.memory.heapUsed)} -> ${mib(during.memory.heapUsed)} (during) -> ${mib(after.memory.heapUsed)} MiB, ` +
        `rss ${mib(before.memory.rss)} -> ${mib(during.memory.rss)} -> ${mib(after.memory.rss)} MiB (young generation ${mib(before.young)} -> ${mib(Math.max(during.young, after.young))} MiB); ` +
        `prices sent ${after.stats.priceUpdatesSent}, coalesced ${after.stats.priceUpdatesCoalesced}; ` +
        `chat dropped ${after.stats.chatParticipantsDropped}, reset ${after.stats.chatCallsReset}, fast reader got ${fastReceived}`,
    );
    expect(heapGrowth).toBeLessThan(HEAP_BOUND_MIB);
    expect((during.memory.heapUsed - before.memory.heapUsed) / 2 ** 20).toBeLessThan(HEAP_BOUND_MIB);
    expect(rssGrowth).toBeLessThan(RSS_BOUND_MIB + youngGrowth);
    // Slow price readers are coalesced (one pending price per symbol); slow chat readers are
    // dropped, and none of their calls is left open: their status waits behind the stalled
    // HTTP/2 window, so each is reset after chatDropGraceMs.
    expect(after.stats.priceUpdatesCoalesced).toBeGreaterThan(SLOW * SYMBOLS.length);
    expect(after.stats).toMatchObject({ chatParticipantsDropped: SLOW, chatCallsReset: SLOW, chatCallsDraining: 0, chatParticipants: 1, activePriceStreams: SLOW + 1 });
    for (const call of [fast, ...slowPrices, ...slowChat, talker]) call.cancel();
    server.send('stop');
    expect(await new Promise((resolve) => server.once('exit', resolve))).toBe(0);
  }, 90_000);
});
