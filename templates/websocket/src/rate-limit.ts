// A token bucket per connection: one chatty client in a room of N costs N deliveries per
// message, so input is the place to bound fan-out work.

export interface TokenBucket {
  /** Takes one token if there is one; `now` in ms (injected so tests need no timers). */
  take(now: number): boolean;
}

export function createTokenBucket(ratePerSecond: number, burst: number, now: number): TokenBucket {
  let tokens = burst;
  let updatedAt = now;
  return {
    take(at) {
      tokens = Math.min(burst, tokens + ((at - updatedAt) * ratePerSecond) / 1000);
      updatedAt = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
