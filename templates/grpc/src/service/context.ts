import type { PriceSource } from '../price-source.js';

/** Limits and tuning of StockService. Every field has a safe default (see DEFAULT_SERVICE_LIMITS). */
export interface ServiceLimits {
  /** StreamPrices: time between two rounds of updates. */
  priceIntervalMs: number;
  /** StreamPrices: most distinct symbols one request may ask for. */
  maxSymbols: number;
  /** GetPrice: simulated lookup latency; lets you watch deadlines at work. 0 answers at once. */
  getPriceDelayMs: number;
  /** UploadTrades: most trades in one upload; more ends the call with RESOURCE_EXHAUSTED. */
  maxTradesPerUpload: number;
  /** TradeChat: most participants at once; more are refused with RESOURCE_EXHAUSTED. */
  maxChatParticipants: number;
  /** TradeChat: messages buffered for one participant before it is dropped as too slow. */
  chatBacklog: number;
  /** TradeChat: longest message text, in characters. */
  maxChatTextLength: number;
}

export const DEFAULT_SERVICE_LIMITS: ServiceLimits = {
  priceIntervalMs: 100,
  maxSymbols: 50,
  getPriceDelayMs: 0,
  maxTradesPerUpload: 100_000,
  maxChatParticipants: 1_000,
  chatBacklog: 64,
  maxChatTextLength: 1_000,
};

/** Counters a test or a metrics endpoint can read; none of them grows without bound in memory. */
export interface ServiceStats {
  /** Open StreamPrices calls. */
  activePriceStreams: number;
  /** Timers owned by the service (StreamPrices tickers, delayed GetPrice answers). 0 when idle. */
  activeTimers: number;
  /** Connected TradeChat participants. */
  chatParticipants: number;
  /** PriceUpdate messages handed to grpc-js. */
  priceUpdatesSent: number;
  /** PriceUpdate messages replaced by a newer price while the client was congested. */
  priceUpdatesCoalesced: number;
  /** Chat messages delivered (one per receiving participant). */
  chatMessagesRelayed: number;
  /** Chat participants dropped with RESOURCE_EXHAUSTED for reading too slowly. */
  chatParticipantsDropped: number;
}

/** What the four handlers share. */
export interface ServiceContext {
  limits: ServiceLimits;
  prices: PriceSource;
  stats: ServiceStats;
  /** Set once the server starts shutting down: new calls are refused with UNAVAILABLE. */
  closing: boolean;
  /** Ends one open long-lived call on shutdown. */
  closers: Set<() => void>;
}
