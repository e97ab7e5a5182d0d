import { describe, expect, it } from 'vitest';
import { createBackoff, fullJitterDelay } from '../public/backoff.js';

describe('public/backoff.js', () => {
  it('draws a full-jitter delay below an exponentially growing, capped bound', () => {
    const top = () => 0.999_999;
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((attempt) => fullJitterDelay(attempt, { baseMs: 500, maxMs: 30_000, random: top }))).toEqual([
      499, 999, 1_999, 3_999, 7_999, 15_999, 29_999, 29_999,
    ]);
    expect(fullJitterDelay(5, { baseMs: 500, maxMs: 30_000, random: () => 0 })).toBe(0);
    expect(fullJitterDelay(1_000, { baseMs: 500, maxMs: 30_000, random: top })).toBe(29_999);
  });

  it('spreads delays over the whole range, not in lock-step', () => {
    const delays = Array.from({ length: 1_000 }, () => fullJitterDelay(3, { baseMs: 500, maxMs: 30_000 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(4_000);
    expect(new Set(delays.map((delay) => Math.floor(delay / 1_000))).size).toBe(4);
  });

  it('keeps growing while connections drop before they are stable', () => {
    const backoff = createBackoff({ baseMs: 100, maxMs: 10_000, stableMs: 5_000, random: () => 0.5 });
    expect(backoff.closed(0)).toBe(50); // first connect failed
    backoff.opened(1_000);
    expect(backoff.closed(1_100)).toBe(100); // opened, dropped at once: no reset
    backoff.opened(2_000);
    expect(backoff.closed(6_999)).toBe(200);
    expect(backoff.attempt).toBe(3);
  });

  it('starts over after a connection stayed open for stableMs', () => {
    const backoff = createBackoff({ baseMs: 100, maxMs: 10_000, stableMs: 5_000, random: () => 0.5 });
    for (let i = 0; i < 5; i += 1) backoff.closed(i);
    backoff.opened(10_000);
    expect(backoff.closed(15_000)).toBe(50);
    expect(backoff.attempt).toBe(1);
  });
});
