/**
 * A simulated market: every symbol follows its own seeded random walk, one step per
 * `stepMs` of wall-clock time, starting when the symbol is first quoted. A symbol's
 * sequence of prices depends only on the seed and the symbol, never on how many clients
 * ask or in which order, so tests with a fixed clock see the same prices every run.
 *
 * Any well-formed symbol has a price, so clients choose which walks exist: at most
 * `maxSymbols` are kept, and the one quoted least recently is forgotten (it starts afresh
 * if asked for again). Without that bound, a client inventing symbols grows memory forever.
 *
 * Replace this module with your real price feed; the service only calls `quote()`.
 */

export interface Quote {
  symbol: string;
  /** US dollars, rounded to cents. */
  price: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
}

export interface PriceSource {
  /** The current price of `symbol` (any well-formed symbol has one). */
  quote(symbol: string): Quote;
  /**
   * Optional push, for a feed that knows when it has a new price: yields each update for
   * `symbols` as it happens until `signal` aborts. When present, the browser gateway's
   * StreamPrices sends these instead of quoting every priceIntervalMs.
   */
  watch?(symbols: readonly string[], signal: AbortSignal): AsyncIterable<Quote>;
}

export interface PriceSourceOptions {
  /** Same seed, same prices. Default 1. */
  seed?: number;
  /** Wall-clock time per random-walk step. Default 100 ms. */
  stepMs?: number;
  /** Relative volatility per step (standard deviation of the log return). Default 0.002. */
  volatility?: number;
  /** Most walks kept in memory; the least recently quoted is dropped first. Default 10 000. */
  maxSymbols?: number;
  /** Injectable clock for tests. Default Date.now. */
  now?: () => number;
}

interface Walk {
  step: number;
  price: number;
  next: () => number;
}

/** Steps beyond this are skipped rather than replayed, so an idle symbol catches up in O(1). */
const MAX_CATCH_UP_STEPS = 1_000;

export function createPriceSource(options: PriceSourceOptions = {}): PriceSource {
  const seed = options.seed ?? 1;
  const stepMs = options.stepMs ?? 100;
  const volatility = options.volatility ?? 0.002;
  const maxSymbols = options.maxSymbols ?? 10_000;
  const now = options.now ?? Date.now;
  // Insertion order is recency order: a quoted walk is moved to the end, the first is the oldest.
  const walks = new Map<string, Walk>();

  function currentStep(timestamp: number): number {
    return Math.floor(timestamp / stepMs);
  }

  return {
    quote(symbol) {
      const timestamp = now();
      const step = currentStep(timestamp);
      let walk = walks.get(symbol);
      if (walk === undefined) {
        const next = mulberry32(hash(`${seed}:${symbol}`));
        walk = { step, price: 10 + next() * 490, next };
        const oldest = walks.size >= maxSymbols ? walks.keys().next() : undefined;
        if (oldest?.done === false) walks.delete(oldest.value);
      } else {
        walks.delete(symbol);
      }
      walks.set(symbol, walk);
      const steps = Math.min(step - walk.step, MAX_CATCH_UP_STEPS);
      for (let i = 0; i < steps; i++) {
        walk.price *= Math.exp(volatility * gaussian(walk.next));
      }
      walk.step = Math.max(walk.step, step);
      return { symbol, price: Math.round(walk.price * 100) / 100, timestamp };
    },
  };
}

/** FNV-1a: a stable 32-bit seed per (seed, symbol). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast, good enough for a simulation (not for cryptography). */
function mulberry32(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Box-Muller: a standard normal sample from two uniform ones. */
function gaussian(next: () => number): number {
  const u = 1 - next();
  const v = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
