import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { WindowGate } from '../src/window-gate.js';

// Real clock and real event-loop utilisation: a synchronous spin is a saturated loop, a timer
// wait an idle one. Each case's counts hold for any interval from 100 ms to 1 s, so a slow
// runner stretching the intervals does not change the outcome.
const WINDOW_MS = 5;
const spin = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const idle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One interval of a saturated loop: `deliveries` asked for by `runs` runs, then 150 ms of spin. */
function saturatedInterval(gate: WindowGate, deliveries: number, runs: number): boolean {
  gate.count(deliveries);
  const now = performance.now();
  for (let i = 1; i < runs; i += 1) gate.holds(now);
  spin(150);
  return gate.holds(performance.now());
}

describe('WindowGate', () => {
  it('holds from writeBatchAbove deliveries a second, judged per interval of at least 100 ms', async () => {
    const gate = new WindowGate(1_000, WINDOW_MS);
    expect(gate.holds(performance.now())).toBe(false); // the first interval begins
    gate.count(10_000); // 10,000 in 0.1-1 s: 10,000 to 100,000 a second
    await idle(120);
    expect(gate.holds(performance.now())).toBe(true);
    gate.count(10); // 10 in 0.1-1 s: 10 to 100 a second
    await idle(120);
    expect(gate.holds(performance.now())).toBe(false);
    expect(gate.threshold).toBe(1_000);
  });

  it('keeps its decision until the interval ends', () => {
    const gate = new WindowGate(1_000, WINDOW_MS);
    const t = performance.now();
    gate.holds(t);
    gate.count(1_000_000);
    expect(gate.holds(t + 50)).toBe(false);
  });

  it('lowers its line to 80% of the rate at which the loop stayed saturated for five intervals without the window, then forgets it when the load goes', async () => {
    const gate = new WindowGate(1_000_000_000, WINDOW_MS);
    gate.holds(performance.now());
    // 100,000,000 asked per saturated 0.1-1 s interval: 1e8 to 1e9 a second, under the line of
    // 1e9; 1,000 runs, more than one per 5 ms window. Four such intervals are not enough (a
    // GC pause and its catch-up fill one or two).
    for (let i = 0; i < 4; i += 1) expect(saturatedInterval(gate, 100_000_000, 1_000)).toBe(false);
    expect(gate.threshold).toBe(1_000_000_000);
    expect(saturatedInterval(gate, 100_000_000, 1_000)).toBe(true);
    expect(gate.threshold).toBeLessThan(1_000_000_000);
    expect(gate.threshold).toBeGreaterThanOrEqual(80_000_000);
    // Under half the learned line (1,000 in 0.1-1 s): the line is writeBatchAbove again.
    gate.count(1_000);
    await idle(120);
    expect(gate.holds(performance.now())).toBe(false);
    expect(gate.threshold).toBe(1_000_000_000);
  });

  it('learns nothing from an idle loop, nor from a saturated one whose runs the window could not merge', async () => {
    const gate = new WindowGate(1_000_000_000, WINDOW_MS);
    gate.holds(performance.now());
    for (let i = 0; i < 5; i += 1) {
      gate.count(100_000_000);
      await idle(120);
      expect(gate.holds(performance.now())).toBe(false);
    }
    // Saturated, but 2 runs an interval: fewer than one per 5 ms window, which would merge nothing.
    for (let i = 0; i < 6; i += 1) expect(saturatedInterval(gate, 100_000_000, 2)).toBe(false);
    expect(gate.threshold).toBe(1_000_000_000);
  });
});
