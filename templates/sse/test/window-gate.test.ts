import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { WindowGate } from '../src/window-gate.js';

// Real clock and real event-loop utilisation: a synchronous spin is a saturated loop, a timer
// wait an idle one. Each case's counts hold for any interval from 100 ms to 1 s, so a slow
// runner stretching the intervals does not change the outcome.
const spin = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const idle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('WindowGate', () => {
  it('holds from writeBatchAbove deliveries a second, judged per interval of at least 100 ms', async () => {
    const gate = new WindowGate(1_000);
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
    const gate = new WindowGate(1_000);
    const t = performance.now();
    gate.holds(t);
    gate.count(1_000_000);
    expect(gate.holds(t + 50)).toBe(false);
  });

  it('lowers its line to 80% of the rate at which the loop saturated without the window, so a slower machine still gets it', () => {
    const gate = new WindowGate(1_000_000_000);
    gate.holds(performance.now());
    // 100,000,000 asked over a saturated 0.1-1 s: 1e8 to 1e9 a second, under the line of 1e9
    // and at least a tenth of it.
    gate.count(100_000_000);
    spin(150);
    expect(gate.holds(performance.now())).toBe(true);
    expect(gate.threshold).toBeLessThan(1_000_000_000);
    expect(gate.threshold).toBeGreaterThanOrEqual(80_000_000);
  });

  it('learns nothing from an idle loop, nor from a saturated one whose rate is under a tenth of the line', async () => {
    const gate = new WindowGate(1_000_000_000);
    gate.holds(performance.now());
    gate.count(100_000_000);
    await idle(150);
    expect(gate.holds(performance.now())).toBe(false);
    gate.count(1_000); // busy with something else than writes
    spin(150);
    expect(gate.holds(performance.now())).toBe(false);
    expect(gate.threshold).toBe(1_000_000_000);
  });
});
