/**
 * One interval timer shared by every stream that needs a beat: it runs only while someone
 * listens, and each tick calls every listener with the same round number. 2,000 price streams
 * cost one timer, not 2,000, and a round's prices can be read and encoded once for all of them.
 */
export interface Ticker {
  /** Calls `listener(round)` on every tick until the returned function is called. */
  subscribe(listener: (round: number) => void): () => void;
  /** Resolves at the next tick; rejects with `signal.reason` if the signal aborts first. */
  next(signal: AbortSignal): Promise<void>;
  /** 1 while the timer runs (someone listens), else 0. */
  timers(): number;
  /** Listeners and waiters right now. */
  size(): number;
}

export function createTicker(intervalMs: number): Ticker {
  const listeners = new Set<(round: number) => void>();
  let timer: NodeJS.Timeout | undefined;
  let round = 0;

  const tick = (): void => {
    round++;
    for (const listener of [...listeners]) listener(round);
  };

  const add = (listener: (round: number) => void): (() => void) => {
    listeners.add(listener);
    timer ??= setInterval(tick, intervalMs);
    return () => {
      if (!listeners.delete(listener) || listeners.size > 0 || timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
    };
  };

  return {
    subscribe: add,
    next(signal) {
      if (signal.aborted) return Promise.reject(signal.reason as Error);
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          remove();
          reject(signal.reason as Error);
        };
        const remove = add(() => {
          remove();
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    timers: () => (timer === undefined ? 0 : 1),
    size: () => listeners.size,
  };
}
