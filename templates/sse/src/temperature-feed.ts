import type { EventHub } from './event-hub.js';

export interface Temperature {
  value: number;
  unit: 'F';
  at: string;
}

/**
 * The article's simulated sensor, published into the hub once for all subscribers (the
 * article starts a timer per connection, so each client saw a different feed and ids).
 * A random walk around 72 °F reads better on a dashboard than the article's uniform noise.
 * Returns the function that stops it.
 */
export function startTemperatureFeed(hub: EventHub, intervalMs: number, random: () => number = Math.random): () => void {
  let value = 72;
  const timer = setInterval(() => {
    value = clamp(value + (random() - 0.5) * 2, 40, 110);
    const reading: Temperature = { value: Math.round(value * 10) / 10, unit: 'F', at: new Date().toISOString() };
    hub.publish('temperature', reading);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
