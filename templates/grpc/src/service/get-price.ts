import type { handleUnaryCall } from '@grpc/grpc-js';
import type { PriceRequest__Output } from '../gen/grpc-js/stock/v1/PriceRequest.js';
import type { PriceUpdate } from '../gen/grpc-js/stock/v1/PriceUpdate.js';
import { isValidSymbol } from '../symbols.js';
import type { ServiceContext } from './context.js';
import { rpcError, status } from './rpc-error.js';

/**
 * GetPrice: exactly one symbol in, its latest price out.
 *
 * With `getPriceDelayMs` > 0 the answer is delayed like a slow lookup would be. If the
 * client cancels or its deadline passes first, grpc-js has already answered
 * CANCELLED/DEADLINE_EXCEEDED; the handler then drops the pending work at once.
 */
export function getPriceHandler(ctx: ServiceContext): handleUnaryCall<PriceRequest__Output, PriceUpdate> {
  return (call, callback) => {
    if (ctx.closing) {
      callback(rpcError(status.UNAVAILABLE, 'server is shutting down'));
      return;
    }
    const { symbols } = call.request;
    if (symbols.length !== 1) {
      callback(rpcError(status.INVALID_ARGUMENT, `symbols: GetPrice takes exactly one symbol, got ${symbols.length}`));
      return;
    }
    const symbol = symbols[0] ?? '';
    if (!isValidSymbol(symbol)) {
      callback(
        rpcError(
          status.INVALID_ARGUMENT,
          `symbols[0]: ${JSON.stringify(symbol)} is not a symbol (1-10 characters of A-Z and ".")`,
        ),
      );
      return;
    }
    const delay = ctx.limits.getPriceDelayMs;
    if (delay <= 0) {
      callback(null, ctx.prices.quote(symbol));
      return;
    }
    ctx.stats.activeTimers++;
    const timer = setTimeout(() => {
      ctx.stats.activeTimers--;
      call.off('cancelled', abandon);
      callback(null, ctx.prices.quote(symbol));
    }, delay);
    function abandon(): void {
      clearTimeout(timer);
      ctx.stats.activeTimers--;
    }
    call.once('cancelled', abandon);
  };
}
