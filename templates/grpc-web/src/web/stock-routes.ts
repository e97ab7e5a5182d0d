import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { Code, ConnectError, createContextKey, type ConnectRouter, type HandlerContext } from '@connectrpc/connect';
import { StockService, type PriceUpdateSchema } from '../gen/es/stock_pb.js';
import type { PriceSource, Quote } from '../price-source.js';
import type { ServiceLimits } from '../service/stock-service.js';
import { isValidSymbol, parseSymbols, SymbolsError } from '../symbols.js';
import { createTicker, type Ticker } from '../ticker.js';

export interface GatewayStats {
  /** Open StreamPrices calls through the gateway. */
  activePriceStreams: number;
  /** StreamPrices calls refused because `maxPriceStreams` were open. */
  priceStreamsRefused: number;
  /** Timers: the one ticker all streams share while any is open. */
  activeTimers: number;
}

export type GatewayLimits = Pick<ServiceLimits, 'priceIntervalMs' | 'maxSymbols' | 'getPriceDelayMs' | 'maxPriceStreams' | 'maxPriceStreamsPerIp'>;

/**
 * The client a call comes from (src/address-key.ts: an IPv4 address or an IPv6 /64), set per
 * request by the gateway; '' when the routes are mounted without it.
 */
export const clientAddressKey = createContextKey<string>('', { description: 'client address (IPv4 or IPv6 /64)' });

export interface StockRoutesOptions {
  /** The same price source the gRPC server uses, so both show the same market. */
  prices: PriceSource;
  limits: GatewayLimits;
  stats: GatewayStats;
  /** The beat of every stream. Default: a ticker of its own at `limits.priceIntervalMs`. */
  ticker?: Ticker;
}

/**
 * GetPrice and StreamPrices for browsers, implemented in-process on the same price source
 * and the same validation (src/symbols.ts) as the gRPC service, with the same messages and
 * error codes. UploadTrades and TradeChat are not registered: browsers get unary and server
 * streaming only, and the gateway answers them with UNIMPLEMENTED (404 for Connect).
 */
export function stockRoutes(options: StockRoutesOptions): (router: ConnectRouter) => void {
  const { prices, limits, stats } = options;
  const ticker = options.ticker ?? createTicker(limits.priceIntervalMs);
  // Open streams per client, for maxPriceStreamsPerIp: one client must not take every slot.
  const byAddress = new Map<string, number>();

  return (router) => {
    router.service(StockService, {
      async getPrice(request, context) {
        if (request.symbols.length !== 1) {
          throw new ConnectError(`symbols: GetPrice takes exactly one symbol, got ${request.symbols.length}`, Code.InvalidArgument);
        }
        const symbol = request.symbols[0] ?? '';
        if (!isValidSymbol(symbol)) {
          throw new ConnectError(
            `symbols[0]: ${JSON.stringify(symbol)} is not a symbol (1-10 characters of A-Z and ".")`,
            Code.InvalidArgument,
          );
        }
        if (limits.getPriceDelayMs > 0) await delay(limits.getPriceDelayMs, context);
        return toMessage(prices.quote(symbol));
      },

      /**
       * Pull-based: connect-node asks for the next message only once the previous one is
       * written, so a slow browser is never queued; it simply gets fewer, fresher prices.
       * Every stream waits on one shared ticker (no timer per stream), and at most
       * `maxPriceStreams` are open, `maxPriceStreamsPerIp` of one client; more get RESOURCE_EXHAUSTED.
       */
      async *streamPrices(request, context) {
        let symbols: string[];
        try {
          symbols = parseSymbols(request.symbols, limits.maxSymbols);
        } catch (error) {
          if (error instanceof SymbolsError) throw new ConnectError(error.message, Code.InvalidArgument);
          throw error;
        }
        const address = context.values.get(clientAddressKey);
        const mine = byAddress.get(address) ?? 0;
        // Checked first: a single client over its share is told so, not that the gateway is full.
        if (limits.maxPriceStreamsPerIp > 0 && mine >= limits.maxPriceStreamsPerIp) {
          stats.priceStreamsRefused++;
          throw new ConnectError(`too many price streams from this address (${mine} open); retry later`, Code.ResourceExhausted);
        }
        if (stats.activePriceStreams >= limits.maxPriceStreams) {
          stats.priceStreamsRefused++;
          throw new ConnectError(`too many price streams (${limits.maxPriceStreams} open); retry later`, Code.ResourceExhausted);
        }
        stats.activePriceStreams++;
        byAddress.set(address, mine + 1);
        try {
          if (prices.watch) {
            // A push feed: each update goes out as it happens, pulled one at a time as above.
            for await (const quote of prices.watch(symbols, context.signal)) yield toMessage(quote);
            return;
          }
          for (;;) {
            for (const symbol of symbols) yield toMessage(prices.quote(symbol));
            await nextTick(ticker, context);
          }
        } finally {
          stats.activePriceStreams--;
          const left = (byAddress.get(address) ?? 1) - 1;
          if (left === 0) byAddress.delete(address);
          else byAddress.set(address, left);
        }
      },
    });
  };
}

function toMessage(quote: Quote): MessageInitShape<typeof PriceUpdateSchema> {
  return { symbol: quote.symbol, price: quote.price, timestamp: BigInt(quote.timestamp) };
}

/** Waits for the shared ticker, or ends the call with the reason it was aborted (cancel, deadline, shutdown). */
async function nextTick(ticker: Ticker, context: HandlerContext): Promise<void> {
  try {
    await ticker.next(context.signal);
  } catch (error) {
    if (context.signal.aborted) throw ConnectError.from(context.signal.reason);
    throw error;
  }
}

/** GetPrice's simulated lookup: a timer of its own, cleared when the call is aborted. */
async function delay(ms: number, context: HandlerContext): Promise<void> {
  try {
    await sleep(ms, undefined, { signal: context.signal });
  } catch (error) {
    if (context.signal.aborted) throw ConnectError.from(context.signal.reason);
    throw error;
  }
}
