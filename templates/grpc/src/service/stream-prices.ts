import type { handleServerStreamingCall, ServerWritableStream } from '@grpc/grpc-js';
import type { PriceRequest__Output } from '../gen/grpc-js/stock/v1/PriceRequest.js';
import type { PriceUpdate } from '../gen/grpc-js/stock/v1/PriceUpdate.js';
import type { Quote } from '../price-source.js';
import { parseSymbols, SymbolsError } from '../symbols.js';
import type { ServiceContext } from './context.js';
import { failCall, status } from './rpc-error.js';

type PriceCall = ServerWritableStream<PriceRequest__Output, PriceUpdate>;

/**
 * StreamPrices: the article's ticker. Every `priceIntervalMs` one update per symbol.
 *
 * Backpressure: the article's Go loop gets it for free, because `stream.Send` blocks while
 * HTTP/2 flow control holds the stream. In Node `call.write()` never blocks, so a direct
 * port that ignores its result queues every tick in memory for a client that stopped
 * reading. Here `write()` returns false once grpc-js holds more than its high-water mark
 * (16 messages); from then until 'drain' each tick only replaces the pending price of
 * each symbol, so a stalled client costs at most one pending update per symbol.
 *
 * The ticker stops the moment the call ends for any reason: client cancel, deadline,
 * shutdown, or error. `stats.activeTimers` lets tests prove it.
 */
export function streamPricesHandler(ctx: ServiceContext): handleServerStreamingCall<PriceRequest__Output, PriceUpdate> {
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
    startTicker(ctx, call, symbols);
  };
}

function startTicker(ctx: ServiceContext, call: PriceCall, symbols: string[]): void {
  const pending = new Map<string, Quote>();
  let congested = false;
  let stopped = false;

  const send = (quote: Quote): void => {
    ctx.stats.priceUpdatesSent++;
    if (!call.write(quote)) congested = true;
  };

  const tick = (): void => {
    if (call.destroyed || call.writableEnded) {
      stop();
      return;
    }
    for (const symbol of symbols) {
      const quote = ctx.prices.quote(symbol);
      if (!congested) {
        send(quote);
      } else {
        if (pending.has(symbol)) ctx.stats.priceUpdatesCoalesced++;
        pending.set(symbol, quote);
      }
    }
  };

  const flush = (): void => {
    congested = false;
    for (const [symbol, quote] of pending) {
      if (congested) break;
      pending.delete(symbol);
      send(quote);
    }
  };

  const timer = setInterval(tick, ctx.limits.priceIntervalMs);
  ctx.stats.activeTimers++;
  ctx.stats.activePriceStreams++;

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    pending.clear();
    ctx.stats.activeTimers--;
    ctx.stats.activePriceStreams--;
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
  // The first round goes out at once rather than one interval later.
  tick();
}
