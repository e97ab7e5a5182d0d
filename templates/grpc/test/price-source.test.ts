import { describe, expect, it } from 'vitest';
import { createPriceSource } from '../src/price-source.js';

describe('createPriceSource', () => {
  it('gives the same prices for the same seed and clock', () => {
    const run = (): number[] => {
      let now = 1_000_000;
      const source = createPriceSource({ seed: 7, stepMs: 100, now: () => now });
      const prices: number[] = [];
      for (let i = 0; i < 20; i++) {
        prices.push(source.quote('AAPL').price, source.quote('GOOG').price);
        now += 100;
      }
      return prices;
    };
    expect(run()).toEqual(run());
  });

  it('gives each symbol its own walk, whatever the order of questions', () => {
    let now = 0;
    const a = createPriceSource({ seed: 3, now: () => now });
    const b = createPriceSource({ seed: 3, now: () => now });
    a.quote('AAPL');
    b.quote('MSFT');
    b.quote('AAPL');
    now = 1_000;
    expect(b.quote('AAPL')).toEqual(a.quote('AAPL'));
  });

  it('differs between seeds', () => {
    const now = (): number => 0;
    expect(createPriceSource({ seed: 1, now }).quote('AAPL').price).not.toBe(
      createPriceSource({ seed: 2, now }).quote('AAPL').price,
    );
  });

  it('moves once per step, stays positive and rounds to cents', () => {
    let now = 0;
    const source = createPriceSource({ stepMs: 100, volatility: 0.05, now: () => now });
    const first = source.quote('TSLA');
    expect(source.quote('TSLA').price).toBe(first.price);
    const seen = new Set<number>();
    for (let i = 0; i < 1_000; i++) {
      now += 100;
      const { price, timestamp } = source.quote('TSLA');
      expect(price).toBeGreaterThan(0);
      expect(Math.round(price * 100) / 100).toBe(price);
      expect(timestamp).toBe(now);
      seen.add(price);
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it('keeps at most maxSymbols walks, forgetting the least recently quoted', () => {
    let now = 0;
    const source = createPriceSource({ seed: 5, maxSymbols: 2, now: () => now });
    const fresh = createPriceSource({ seed: 5, now: () => now });
    source.quote('AAPL');
    source.quote('MSFT');
    now = 5_000;
    source.quote('AAPL'); // AAPL is now the most recent, so GOOG pushes MSFT out
    source.quote('GOOG');
    // AAPL kept walking since t=0; MSFT was forgotten and starts afresh, like in a new source.
    expect(source.quote('AAPL')).not.toEqual(fresh.quote('AAPL'));
    expect(source.quote('MSFT')).toEqual(fresh.quote('MSFT'));
  });
});
