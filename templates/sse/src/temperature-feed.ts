import type { Publisher } from './coalescer.js';

export interface Temperature {
  value: number;
  unit: 'F';
  at: string;
}

/** The feed's coalescing key: one simulated sensor, one latest value. */
export const FEED_KEY = 'demo-sensor';

/**
 * The article's simulated sensor, published into the hub once for all subscribers (the
 * article starts a timer per connection, so each client saw a different feed and ids).
 * A random walk around 72 °F reads better on a dashboard than the article's uniform noise.
 * Readings carry a key: a sensor's value is exactly what coalescing is for, so with
 * COALESCE_MS set, a fast feed reaches the page at most once per window.
 * Returns the function that stops it.
 */
export function startTemperatureFeed(
  publisher: Publisher,
  intervalMs: number,
  random: () => number = Math.random,
): () => void {
  let value = 72;
  const timer = setInterval(() => {
    value = clamp(value + (random() - 0.5) * 2, 40, 110);
    const reading: Temperature = { value: Math.round(value * 10) / 10, unit: 'F', at: new Date().toISOString() };
    publisher.publish('temperature', reading, FEED_KEY);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
