import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { WindowGate } from '../src/window-gate.js';

// The gate's clock is the caller's (performance.now() in the fan-out): here a clock of our
// own, 150 ms an interval, so every rate is exact. The event loop's utilisation is real: each
// interval really spins (a saturated loop) or really waits on a timer (an idle one).
const WINDOW_MS = 5;
const INTERVAL_MS = 150;
const spin = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const idle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function clocked(gate: WindowGate): { saturated(deliveries: number, runs: number): boolean; quiet(deliveries: number, runs: number): Promise<boolean>; after(ms: number): void } {
  let t = 0;
  gate.holds(t);
  const runsOf = (runs: number): void => {
    for (let i = 1; i < runs; i += 1) gate.holds(t + 1);
  };
  return {
    saturated(deliveries, runs) {
      gate.count(deliveries);
      runsOf(runs);
      spin(120);
      t += INTERVAL_MS;
      return gate.holds(t);
    },
    async quiet(deliveries, runs) {
      gate.count(deliveries);
      runsOf(runs);
      await idle(120);
      t += INTERVAL_MS;
      return gate.holds(t);
    },
    after(ms) {
      t += ms;
    },
  };
}

describe('WindowGate', () => {
  it('holds from writeBatchAbove deliveries a second, judged per interval of at least 100 ms, kept until the next', async () => {
    const gate = new WindowGate(1_000, WINDOW_MS);
    const at = clocked(gate);
    expect(await at.quiet(150, 10)).toBe(true); // 150 in 150 ms: 1,000 a second
    expect(await at.quiet(149, 10)).toBe(false);
    gate.count(1_000_000);
    expect(gate.holds(INTERVAL_MS * 2 + 50)).toBe(false); // 50 ms into the interval: still the last decision
    expect(gate.threshold).toBe(1_000);
  });

  it('lowers its line to 80% of the lowest rate of five saturated intervals in a row without the window, for learnedForMs', async () => {
    const gate = new WindowGate(100_000, WINDOW_MS, 100, 60_000);
    const at = clocked(gate);
    // 6,000 in 150 ms (40,000 a second), 100 runs (more than one per 5 ms window), the loop saturated.
    for (let i = 0; i < 4; i += 1) expect(at.saturated(6_000, 100)).toBe(false);
    expect(gate.threshold).toBe(100_000);
    expect(at.saturated(7_500, 100)).toBe(true); // 50,000 a second; the lowest of the five was 40,000
    expect(gate.threshold).toBe(32_000);
    // The learned line holds on an idle loop: 5,250 in 150 ms is 35,000 a second, over 32,000...
    expect(await at.quiet(5_250, 100)).toBe(true);
    expect(await at.quiet(4_500, 100)).toBe(false); // ...30,000 is under it
    // ...until a minute after it was learned; then the line is writeBatchAbove again, whatever the rate.
    at.after(60_000);
    expect(await at.quiet(6_000, 100)).toBe(false);
    expect(gate.threshold).toBe(100_000);
  });

  it('learns nothing from an idle loop, from a spell an idle interval breaks, nor from runs the window could not merge', async () => {
    const gate = new WindowGate(100_000, WINDOW_MS);
    const at = clocked(gate);
    for (let i = 0; i < 5; i += 1) expect(await at.quiet(6_000, 100)).toBe(false);
    // Four saturated, one idle, four saturated: never five in a row.
    for (let i = 0; i < 4; i += 1) at.saturated(6_000, 100);
    await at.quiet(6_000, 100);
    for (let i = 0; i < 4; i += 1) at.saturated(6_000, 100);
    expect(gate.threshold).toBe(100_000);
    // Saturated, but 20 runs in 150 ms: fewer than one per 5 ms window, which would merge nothing.
    for (let i = 0; i < 6; i += 1) expect(at.saturated(6_000, 20)).toBe(false);
    expect(gate.threshold).toBe(100_000);
  });

  it('learns nothing while the window holds, however busy the loop', () => {
    const gate = new WindowGate(100_000, WINDOW_MS);
    const at = clocked(gate);
    // 105,000 a second: over the line, so the window holds; the loop saturates anyway.
    for (let i = 0; i < 8; i += 1) expect(at.saturated(15_750, 100)).toBe(true);
    expect(gate.threshold).toBe(100_000);
  });
});
