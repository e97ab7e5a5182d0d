import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../src/rate-limit.js';

describe('token bucket', () => {
  it('allows a burst, then the sustained rate', () => {
    const bucket = createTokenBucket(10, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(50)).toBe(false); // half a token
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
