import type { Metadata, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { StockServiceHandlers } from '../gen/grpc-js/stock/v1/StockService.js';
import type { PriceUpdate } from '../gen/grpc-js/stock/v1/PriceUpdate.js';
import type { TradeMessage } from '../gen/grpc-js/stock/v1/TradeMessage.js';
import { createPriceSource, type PriceSource } from '../price-source.js';
import { stockProto } from '../proto.js';
import { createTicker } from '../ticker.js';
import { DEFAULT_SERVICE_LIMITS, type ServiceContext, type ServiceLimits, type ServiceStats } from './context.js';
import { getPriceHandler } from './get-price.js';
import { streamPricesHandler } from './stream-prices.js';
import { tradeChatHandler } from './trade-chat.js';
import { uploadTradesHandler } from './upload-trades.js';

export type { ServiceLimits, ServiceStats } from './context.js';
export { DEFAULT_SERVICE_LIMITS } from './context.js';

export interface StockServiceOptions extends Partial<ServiceLimits> {
  /** Where prices come from. Default: a simulated market seeded with `priceSeed`. */
  prices?: PriceSource;
  /** Seed of the default simulated market. Default 1. */
  priceSeed?: number;
  /**
   * Resets a call's HTTP/2 stream (createServer passes its call tracker's). Without it a chat
   * participant that never reads its RESOURCE_EXHAUSTED stays open until its connection ends.
   */
  resetCall?: (metadata: Metadata, code: number) => boolean;
}

/** StockService, ready to add to any grpc.Server (`addStockService` or `server.addService`). */
export interface StockService {
  /** Pass to `server.addService()` together with `handlers`. */
  readonly definition: ServiceDefinition;
  readonly handlers: StockServiceHandlers;
  readonly limits: Readonly<ServiceLimits>;
  readonly prices: PriceSource;
  /** A snapshot of the counters. */
  stats(): ServiceStats;
  /** Refuses new calls and ends open StreamPrices/TradeChat calls with UNAVAILABLE. */
  close(): void;
}

const base = stockProto.StockService.service;

/**
 * The service definition with one change: the response serializers of StreamPrices and
 * TradeChat pass an already-encoded Buffer through, so a price round or a chat broadcast is
 * encoded once, not once per client. Everything else is the definition loaded from
 * proto/stock.proto.
 */
const definition: ServiceDefinition = {
  ...base,
  StreamPrices: {
    ...base.StreamPrices,
    responseSerialize: (value: PriceUpdate | Buffer) =>
      Buffer.isBuffer(value) ? value : base.StreamPrices.responseSerialize(value),
  },
  TradeChat: {
    ...base.TradeChat,
    responseSerialize: (value: TradeMessage | Buffer) =>
      Buffer.isBuffer(value) ? value : base.TradeChat.responseSerialize(value),
  },
};

const encodePriceUpdate = (update: PriceUpdate): Buffer => base.StreamPrices.responseSerialize(update);
const encodeTradeMessage = (message: TradeMessage): Buffer => base.TradeChat.responseSerialize(message);

export function createStockService(options: StockServiceOptions = {}): StockService {
  const limits: ServiceLimits = { ...DEFAULT_SERVICE_LIMITS };
  for (const key of Object.keys(DEFAULT_SERVICE_LIMITS) as (keyof ServiceLimits)[]) {
    const value = options[key];
    if (value !== undefined) limits[key] = value;
  }
  const prices = options.prices ?? createPriceSource({ seed: options.priceSeed ?? 1, stepMs: limits.priceIntervalMs });
  const ctx: ServiceContext = {
    limits,
    prices,
    stats: {
      activePriceStreams: 0,
      activeTimers: 0,
      chatParticipants: 0,
      priceUpdatesSent: 0,
      priceUpdatesCoalesced: 0,
      chatMessagesRelayed: 0,
      chatParticipantsDropped: 0,
      chatSendersLimited: 0,
      chatCallsDraining: 0,
      chatCallsReset: 0,
      priceStreamsRefused: 0,
    },
    closing: false,
    closers: new Set(),
    ticker: createTicker(limits.priceIntervalMs),
    resetCall: options.resetCall ?? (() => false),
  };
  const handlers: StockServiceHandlers = {
    GetPrice: getPriceHandler(ctx),
    StreamPrices: streamPricesHandler(ctx, encodePriceUpdate),
    UploadTrades: uploadTradesHandler(ctx),
    TradeChat: tradeChatHandler(ctx, encodeTradeMessage),
  };
  return {
    definition,
    handlers,
    limits,
    prices,
    stats: () => ({ ...ctx.stats, activeTimers: ctx.stats.activeTimers + ctx.ticker.timers() }),
    close() {
      ctx.closing = true;
      for (const close of [...ctx.closers]) close();
      ctx.closers.clear();
    },
  };
}

/** Adds StockService to a grpc.Server you own (for example next to your other services). */
export function addStockService(
  server: { addService(definition: ServiceDefinition, handlers: UntypedServiceImplementation): void },
  service: StockService,
): void {
  server.addService(service.definition, service.handlers);
}
