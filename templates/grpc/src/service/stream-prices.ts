import type { handleServerStreamingCall, ServerWritableStream } from '@grpc/grpc-js';
import { AddressCounts } from '../address-counts.js';
import { peerAddressKey } from '../address-key.js';
import type { PriceRequest__Output } from '../gen/grpc-js/stock/v1/PriceRequest.js';
import type { PriceUpdate } from '../gen/grpc-js/stock/v1/PriceUpdate.js';
import { parseSymbols, SymbolsError } from '../symbols.js';
import type { ServiceContext } from './context.js';
import { failCall, status } from './rpc-error.js';

type PriceCall = ServerWritableStream<PriceRequest__Output, PriceUpdate>;

/** Serialises a PriceUpdate once, so one round costs one encoding per symbol whatever the audience. */
export type EncodePriceUpdate = (update: PriceUpdate) => Buffer;

/**
 * StreamPrices: the article's ticker. Every `priceIntervalMs` one update per symbol.
 *
 * One timer for all streams: every call subscribes to the service's shared ticker
 * (src/ticker.ts), and each round reads and encodes a symbol's price once, however many
 * streams want it. At most `maxPriceStreams` calls are open, and `maxPriceStreamsPerIp` of one
 * client (an IPv4 address or an IPv6 /64); more get RESOURCE_EXHAUSTED.
 *
 * Backpressure: the article's Go loop gets it for free, because `stream.Send` blocks while
 * HTTP/2 flow control holds the stream. In Node `call.write()` never blocks, so a direct
 * port that ignores its result queues every tick in memory for a client that stopped
 * reading. Here `write()` returns false once grpc-js holds more than its high-water mark
 * (16 messages); from then until 'drain' each tick only replaces the pending price of
 * each symbol, so a stalled client costs at most one pending update per symbol.
 *
 * A stream leaves the ticker the moment the call ends for any reason: client cancel,
 * deadline, shutdown, or error. `stats.activeTimers` and `activePriceStreams` let tests prove it.
 */
export function streamPricesHandler(
  ctx: ServiceContext,
  encode: EncodePriceUpdate,
): handleServerStreamingCall<PriceRequest__Output, PriceUpdate> {
  // The encoded update of each symbol in the current round, shared by every stream.
  let cachedRound = -1;
  const cache = new Map<string, Buffer>();
  const encoded = (symbol: string, round: number): Buffer => {
    if (round !== cachedRound) {
      cache.clear();
      cachedRound = round;
    }
    let frame = cache.get(symbol);
    if (frame === undefined) {
      frame = encode(ctx.prices.quote(symbol));
      cache.set(symbol, frame);
    }
    return frame;
  };
  // A stream's first round goes out at once, outside the shared rounds.
  const fresh = (symbol: string): Buffer => encode(ctx.prices.quote(symbol));
  // Open streams per client, for maxPriceStreamsPerIp: without a share one client could open
  // every maxPriceStreams slot (over several connections) and lock everyone else out.
  const byAddress = new AddressCounts();

  return (call) => {
    if (ctx.closing) {
      failCall(call, status.UNAVAILABLE, 'server is shutting down');
      return;
    }
    let symbols: string[];
    try {
      symbols = parseSymbols(call.request.symbols, ctx.limits.maxSymbols);
    } catch (error) {
      if (!(error instanceof SymbolsError)) throw error;
      failCall(call, status.INVALID_ARGUMENT, error.message);
      return;
    }
    const address = peerAddressKey(call.getPeer());
    const mine = byAddress.of(address);
    // Checked first: a single client over its share is told so, not that the server is full.
    if (ctx.limits.maxPriceStreamsPerIp > 0 && mine >= ctx.limits.maxPriceStreamsPerIp) {
      ctx.stats.priceStreamsRefused++;
      failCall(call, status.RESOURCE_EXHAUSTED, `too many price streams from this address (${mine} open); retry later`);
      return;
    }
    if (ctx.stats.activePriceStreams >= ctx.limits.maxPriceStreams) {
      ctx.stats.priceStreamsRefused++;
      failCall(call, status.RESOURCE_EXHAUSTED, `too many price streams (${ctx.limits.maxPriceStreams} open); retry later`);
      return;
    }
    byAddress.add(address);
    subscribe(ctx, call, symbols, encoded, fresh, () => byAddress.remove(address));
  };
}

function subscribe(
  ctx: ServiceContext,
  call: PriceCall,
  symbols: string[],
  encoded: (symbol: string, round: number) => Buffer,
  fresh: (symbol: string) => Buffer,
  onStop: () => void,
): void {
  const pending = new Map<string, Buffer>();
  let congested = false;
  let stopped = false;

  const send = (frame: Buffer): void => {
    ctx.stats.priceUpdatesSent++;
    // The service definition passes Buffers through unchanged (see stock-service.ts).
    if (!call.write(frame as unknown as PriceUpdate)) congested = true;
  };

  const round = (frameOf: (symbol: string) => Buffer): void => {
    if (call.destroyed || call.writableEnded) {
      stop();
      return;
    }
    for (const symbol of symbols) {
      const frame = frameOf(symbol);
      if (!congested) {
        send(frame);
      } else {
        if (pending.has(symbol)) ctx.stats.priceUpdatesCoalesced++;
        pending.set(symbol, frame);
      }
    }
  };

  const flush = (): void => {
    congested = false;
    for (const [symbol, frame] of pending) {
      if (congested) break;
      pending.delete(symbol);
      send(frame);
    }
  };

  ctx.stats.activePriceStreams++;
  const unsubscribe = ctx.ticker.subscribe((n) => round((symbol) => encoded(symbol, n)));

  function stop(): void {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    pending.clear();
    ctx.stats.activePriceStreams--;
    onStop();
    ctx.closers.delete(close);
    call.off('drain', flush);
  }

  function close(): void {
    stop();
    failCall(call, status.UNAVAILABLE, 'server is shutting down');
  }

  ctx.closers.add(close);
  call.on('drain', flush);
  call.once('cancelled', stop);
  call.once('close', stop);
  call.once('finish', stop);
  call.once('error', stop);
  round(fresh);
}
