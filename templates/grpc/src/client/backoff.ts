import { setTimeout as sleep } from 'node:timers/promises';
import { status, type ServiceError } from '@grpc/grpc-js';

export interface BackoffOptions {
  /** First delay. Default 250 ms. */
  initialMs?: number;
  /** Largest delay. Default 10 s. */
  maxMs?: number;
  /** Growth per attempt. Default 2. */
  multiplier?: number;
  /** Injectable randomness for tests. Default Math.random. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (0-based): exponential growth, capped, with "full
 * jitter" (uniform between 0 and the cap) so that clients disconnected together do not
 * come back together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 10_000;
  const multiplier = options.multiplier ?? 2;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, initial * multiplier ** attempt);
  return Math.round(random() * ceiling);
}

/** UNAVAILABLE means the call never reached, or lost, the server: safe to try again. */
export function isUnavailable(error: unknown): error is ServiceError {
  return typeof error === 'object' && error !== null && (error as ServiceError).code === status.UNAVAILABLE;
}

export interface RetryOptions extends BackoffOptions {
  /** Give up after this many attempts in a row. Default 8. */
  maxAttempts?: number;
  signal?: AbortSignal;
  onRetry?: (error: ServiceError, delayMs: number, attempt: number) => void;
}

/**
 * Runs `attempt` until it settles with anything but UNAVAILABLE. Only wrap calls that are
 * safe to repeat (all of StockService's are: none changes server state).
 */
export async function retryUnavailable<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isUnavailable(error) || n + 1 >= maxAttempts) throw error;
      const delay = backoffDelay(n, options);
      options.onRetry?.(error, delay, n + 1);
      await sleep(delay, undefined, { signal: options.signal });
    }
  }
}
