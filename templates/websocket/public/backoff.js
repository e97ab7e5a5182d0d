// @ts-check
// Reconnect timing, kept pure (no timers, no DOM) so a unit test can drive it.
//
// The article's client had three flaws fixed here:
//  - it reconnected only when `!event.wasClean`, so a clean close such as a server restart or
//    deploy (1001 "going away") left every client disconnected for good;
//  - its delays had no jitter: after a restart all clients retried at 1 s, 2 s, 4 s... in
//    lock-step, a thundering herd against a server that had just come back;
//  - it reset the delay in `onopen`: a server that accepts and then drops the connection
//    (crash loop, overload, 1013) was hammered at the base delay forever. Here the delay resets
//    only once a connection has stayed open for `stableMs`.

/**
 * @typedef {object} BackoffOptions
 * @property {number} [baseMs] first delay cap (default 500)
 * @property {number} [maxMs] largest delay cap (default 30000)
 * @property {number} [stableMs] connection age after which the next failure starts over (default 10000)
 * @property {() => number} [random] source of [0, 1) numbers (default Math.random)
 */

/**
 * "Full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"): a uniform delay in
 * [0, min(maxMs, baseMs * 2^attempt)). Spreads retries evenly instead of in waves.
 * @param {number} attempt 0 for the first retry
 * @param {{ baseMs: number, maxMs: number, random?: () => number }} options
 * @returns {number} whole milliseconds
 */
export function fullJitterDelay(attempt, { baseMs, maxMs, random = Math.random }) {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * cap);
}

/**
 * Tracks one connection's retries.
 * @param {BackoffOptions} [options]
 */
export function createBackoff(options = {}) {
  const { baseMs = 500, maxMs = 30_000, stableMs = 10_000, random = Math.random } = options;
  let attempt = 0;
  /** @type {number | undefined} */
  let openedAt;

  return {
    /** @returns {number} retries since the last stable connection */
    get attempt() {
      return attempt;
    },
    /**
     * The connection opened; the delay is not reset yet, only once it proves stable.
     * @param {number} now ms, e.g. Date.now()
     */
    opened(now) {
      openedAt = now;
    },
    /**
     * The connection closed (or failed to open): returns how long to wait before the next try.
     * @param {number} now ms, e.g. Date.now()
     * @returns {number}
     */
    closed(now) {
      if (openedAt !== undefined && now - openedAt >= stableMs) attempt = 0;
      openedAt = undefined;
      const delay = fullJitterDelay(attempt, { baseMs, maxMs, random });
      attempt += 1;
      return delay;
    },
  };
}
