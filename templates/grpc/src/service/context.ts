import type { Metadata } from '@grpc/grpc-js';
import type { PriceSource } from '../price-source.js';
import type { Ticker } from '../ticker.js';

/** Limits and tuning of StockService. Every field has a safe default (see DEFAULT_SERVICE_LIMITS). */
export interface ServiceLimits {
  /** StreamPrices: time between two rounds of updates. */
  priceIntervalMs: number;
  /** StreamPrices: most distinct symbols one request may ask for. */
  maxSymbols: number;
  /** StreamPrices: most open streams over all clients; more are refused with RESOURCE_EXHAUSTED. */
  maxPriceStreams: number;
  /**
   * StreamPrices: most open streams of one client (an IPv4 address or an IPv6 /64), so that one
   * client cannot take every `maxPriceStreams` slot; more are refused with RESOURCE_EXHAUSTED.
   * 0 = off: behind a proxy every client has the proxy's address.
   */
  maxPriceStreamsPerIp: number;
  /** GetPrice: simulated lookup latency; lets you watch deadlines at work. 0 answers at once. */
  getPriceDelayMs: number;
  /** UploadTrades: most trades in one upload; more ends the call with RESOURCE_EXHAUSTED. */
  maxTradesPerUpload: number;
  /** TradeChat: most participants at once; more are refused with RESOURCE_EXHAUSTED. */
  maxChatParticipants: number;
  /**
   * TradeChat: messages buffered for one participant (not yet handed to HTTP/2) that count as
   * falling behind; it is dropped once its backlog has stayed at or above this for `chatStallMs`.
   */
  chatBacklog: number;
  /**
   * TradeChat: how long a participant's backlog may stay at or above `chatBacklog` before it
   * is dropped. A fast reader drains a burst within this; 0 drops at the limit at once, which
   * drops every participant for a burst of more than `chatBacklog` messages in one tick.
   */
  chatStallMs: number;
  /** TradeChat: longest message text, in characters. */
  maxChatTextLength: number;
  /**
   * TradeChat: messages one participant may send a second, sustained (a token bucket that holds
   * `chatMessageBurst`); a message over it ends the sender's call with RESOURCE_EXHAUSTED. Why
   * (review): nothing slowed a sender, so one participant writing as fast as backpressure let it
   * filled every reader's backlog, and the rule for slow readers dropped the honest readers
   * while the flooder kept the room.
   */
  chatMessageRate: number;
  /** TradeChat: messages one participant may send at once, above `chatMessageRate`. */
  chatMessageBurst: number;
  /**
   * TradeChat: how long a participant dropped for reading too slowly gets to take its
   * RESOURCE_EXHAUSTED status before its stream is reset. It counts against
   * `maxChatParticipants` until then.
   */
  chatDropGraceMs: number;
}

export const DEFAULT_SERVICE_LIMITS: ServiceLimits = {
  priceIntervalMs: 100,
  maxSymbols: 50,
  maxPriceStreams: 1_000,
  maxPriceStreamsPerIp: 100,
  getPriceDelayMs: 0,
  maxTradesPerUpload: 100_000,
  maxChatParticipants: 1_000,
  chatBacklog: 64,
  chatStallMs: 2_000,
  maxChatTextLength: 1_000,
  chatMessageRate: 20,
  chatMessageBurst: 40,
  chatDropGraceMs: 5_000,
};

/** Counters a test or a metrics endpoint can read; none of them grows without bound in memory. */
export interface ServiceStats {
  /** Open StreamPrices calls. */
  activePriceStreams: number;
  /**
   * Timers owned by the service: the one StreamPrices ticker all streams share (while any is
   * open), delayed GetPrice answers, dropped chat participants awaiting their reset. 0 when idle.
   */
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
  /** Chat participants whose call was ended with RESOURCE_EXHAUSTED for sending faster than `chatMessageRate`. */
  chatSendersLimited: number;
  /** Dropped participants whose call is still open (their status is queued); they still count as participants. */
  chatCallsDraining: number;
  /** Dropped participants whose stream had to be reset because they never read their status. */
  chatCallsReset: number;
  /** StreamPrices calls refused because `maxPriceStreams` were open. */
  priceStreamsRefused: number;
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
  /** The beat of every StreamPrices call. */
  ticker: Ticker;
  /**
   * Resets the stream of the call that received `metadata` (RST_STREAM `code`); false when that
   * is not possible (the service runs on a server without the call tracker).
   */
  resetCall(metadata: Metadata, code: number): boolean;
}
