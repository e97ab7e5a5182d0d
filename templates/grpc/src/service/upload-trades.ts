import type { handleClientStreamingCall } from '@grpc/grpc-js';
import type { Trade__Output } from '../gen/grpc-js/stock/v1/Trade.js';
import type { TradesSummary } from '../gen/grpc-js/stock/v1/TradesSummary.js';
import { isValidSymbol } from '../symbols.js';
import type { ServiceContext } from './context.js';
import { rpcError, status } from './rpc-error.js';

/** Highest price a trade may have (a billion): no listed share costs more. */
export const MAX_PRICE = 1e9;

/** Why a trade is invalid, or null when it is fine. */
export function tradeProblem(trade: Trade__Output): string | null {
  if (trade.symbol === '') return 'symbol is required';
  if (!isValidSymbol(trade.symbol)) return `symbol ${JSON.stringify(trade.symbol)} is not a symbol`;
  if (!(trade.quantity > 0)) return `quantity must be > 0, got ${trade.quantity}`;
  // int64 arrives as a JS number (proto.ts): above 2^53 - 1 it is no longer exact.
  if (!Number.isSafeInteger(trade.quantity)) return `quantity must be at most ${Number.MAX_SAFE_INTEGER}`;
  if (!(trade.price > 0) || !Number.isFinite(trade.price)) return `price must be > 0, got ${trade.price}`;
  // Bounded so that price x quantity stays finite: 1e300 x 2^52 summed to Infinity (review).
  if (trade.price > MAX_PRICE) return `price must be at most ${MAX_PRICE}, got ${trade.price}`;
  return null;
}

/**
 * UploadTrades: sums a client stream. Memory per call is constant (three numbers and the
 * set of distinct symbols, itself bounded by `maxTradesPerUpload`). The first bad trade
 * answers INVALID_ARGUMENT at once; later messages on that call are ignored.
 */
export function uploadTradesHandler(ctx: ServiceContext): handleClientStreamingCall<Trade__Output, TradesSummary> {
  return (call, callback) => {
    if (ctx.closing) {
      callback(rpcError(status.UNAVAILABLE, 'server is shutting down'));
      return;
    }
    let count = 0;
    let quantity = 0;
    let notional = 0;
    const symbols = new Set<string>();
    let done = false;

    const fail = (code: status, details: string): void => {
      done = true;
      call.removeAllListeners('data');
      callback(rpcError(code, details));
    };

    call.on('data', (trade: Trade__Output) => {
      if (done) return;
      const index = count;
      if (index >= ctx.limits.maxTradesPerUpload) {
        fail(status.RESOURCE_EXHAUSTED, `trades[${index}]: at most ${ctx.limits.maxTradesPerUpload} trades per upload`);
        return;
      }
      const problem = tradeProblem(trade);
      if (problem !== null) {
        fail(status.INVALID_ARGUMENT, `trades[${index}]: ${problem}`);
        return;
      }
      if (!Number.isSafeInteger(quantity + trade.quantity)) {
        fail(status.INVALID_ARGUMENT, `trades[${index}]: total quantity would exceed ${Number.MAX_SAFE_INTEGER}`);
        return;
      }
      count++;
      quantity += trade.quantity;
      notional += trade.quantity * trade.price;
      symbols.add(trade.symbol);
    });

    call.once('end', () => {
      if (done) return;
      done = true;
      callback(null, {
        tradeCount: count,
        totalQuantity: quantity,
        totalNotional: Math.round(notional * 100) / 100,
        symbols: [...symbols].sort(),
      });
    });
  };
}
