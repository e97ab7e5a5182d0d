import { describe, expect, it } from 'vitest';
import { takeToken, type TokenBucket } from '../src/rate-limit.js';

describe('token bucket', () => {
  const rate = { ratePerSecond: 10, burst: 3 };

  it('allows a burst, then the sustained rate', () => {
    const bucket: TokenBucket = { tokens: 3, updatedAt: 0 };
    const take = (now: number): boolean => takeToken(bucket, rate, now);
    expect([take(0), take(0), take(0), take(0)]).toEqual([true, true, true, false]);
    expect(take(50)).toBe(false); // half a token
    expect(take(100)).toBe(true);
    expect(take(100)).toBe(false);
    expect([take(10_000), take(10_000), take(10_000), take(10_000)]).toEqual([true, true, true, false]);
  });

  it('a new bucket counted at time 0 is full at its first take, however late, and no fuller', () => {
    const bucket: TokenBucket = { tokens: 3, updatedAt: 0 };
    const take = (now: number): boolean => takeToken(bucket, rate, now);
    const now = Date.now();
    expect([take(now), take(now), take(now), take(now)]).toEqual([true, true, true, false]);
  });
});
