// A token bucket per connection: one chatty client in a room of N costs N deliveries per
// message, so input is the place to bound fan-out work.
//
// The bucket's two numbers live on the connection itself (the chat's socket object), and the
// rate and burst, the same for every connection, are passed in: no object of its own per
// connection (--memory counts each connection's bytes, issue 16).

/**
 * What a bucket keeps: the tokens left, and when (ms) they were counted. A new bucket is
 * `{ tokens: burst, updatedAt: 0 }`: the first take refills it to `burst` whenever it comes,
 * which is what a bucket filled when the connection opened would hold by then, so a
 * connection needs no clock reading (nor the number it makes) until it first sends.
 */
export interface TokenBucket {
  tokens: number;
  updatedAt: number;
}

export interface TokenRate {
  /** Tokens added per second, up to `burst`. */
  ratePerSecond: number;
  /** Tokens the bucket holds at most; a new bucket is full. */
  burst: number;
}

/** Takes one token if there is one; `now` in ms (injected so tests need no timers). */
export function takeToken(bucket: TokenBucket, rate: TokenRate, now: number): boolean {
  bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.updatedAt) * rate.ratePerSecond) / 1000);
  bucket.updatedAt = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
