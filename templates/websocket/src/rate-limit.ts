// A token bucket per connection: one chatty client in a room of N costs N deliveries per
// message, so input is the place to bound fan-out work.

export interface TokenBucket {
  /** Takes one token if there is one; `now` in ms (injected so tests need no timers). */
  take(now: number): boolean;
}

export function createTokenBucket(ratePerSecond: number, burst: number, now: number): TokenBucket {
  return new Bucket(ratePerSecond, burst, now);
}

// A class, not a closure over two variables: one object per connection instead of a closure,
// its context and the returned object (--memory counts each connection's bytes, issue 16).
class Bucket implements TokenBucket {
  private readonly ratePerSecond: number;
  private readonly burst: number;
  private tokens: number;
  private updatedAt: number;

  constructor(ratePerSecond: number, burst: number, now: number) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.tokens = burst;
    this.updatedAt = now;
  }

  take(at: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((at - this.updatedAt) * this.ratePerSecond) / 1000);
    this.updatedAt = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
