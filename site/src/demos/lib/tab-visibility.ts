// While its tab is hidden a demo closes its long-lived HTTP connections and reopens them when
// the tab is shown again. The demo server speaks HTTP/1.1, where Chromium opens at most 6
// connections per host for a whole profile: three Race tabs (SSE and gRPC-Web each) left
// streaming in the background took all 6, and a fourth tab of the same origin, even a plain
// docs page, never loaded. WebSockets do not use that pool, so they may stay open.

export const PAUSED = 'Paused while this tab is hidden; it reconnects when you come back.';

export interface TabVisibility {
  /** True while the tab is hidden now. */
  hidden(): boolean;
  /** Resolves when the tab is visible (at once if it is), or when `signal` aborts. */
  visible(signal: AbortSignal): Promise<void>;
  /** Calls `listener` on every change, with whether the tab is now hidden. */
  onChange(listener: (hidden: boolean) => void): void;
  dispose(): void;
}

export function watchVisibility(): TabVisibility {
  const listeners = new Set<(hidden: boolean) => void>();
  const waiting = new Set<() => void>();
  const hidden = (): boolean => document.visibilityState === 'hidden';
  const changed = (): void => {
    const now = hidden();
    for (const listener of listeners) listener(now);
    if (!now) for (const wake of [...waiting]) wake();
  };
  document.addEventListener('visibilitychange', changed);
  return {
    hidden,
    visible(signal) {
      if (!hidden() || signal.aborted) return Promise.resolve();
      return new Promise((resolve) => {
        const wake = (): void => {
          waiting.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        waiting.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    },
    onChange(listener) {
      listeners.add(listener);
    },
    dispose() {
      document.removeEventListener('visibilitychange', changed);
      listeners.clear();
      for (const wake of [...waiting]) wake();
    },
  };
}
