import { describe, expect, it } from 'vitest';
import { windowUtilisation } from '../../bench/harness/measure.js';

// Marks as measure() takes them: `atUs` when the orchestrator read the window's edge, and the
// server's own snapshot stamped when it answered.
const mark = (atUs: number, answeredUs: number) => ({ atUs, server: { atUs: answeredUs, cpuUs: 0, elu: { idle: 0, active: 0, utilization: 0 }, io: null } });

describe("the server's event-loop utilisation over the scheduled window", () => {
  it('is what the server measured when it answered at once', () => {
    expect(windowUtilisation(mark(0, 2_000), mark(10_000_000, 10_002_000), 0.4)).toBeCloseTo(0.4, 3);
  });

  it('counts the time the server took to answer the first snapshot as busy', () => {
    // Answered 5 s into a 10 s window, 20% busy after that: half busy, plus a fifth of the rest.
    expect(windowUtilisation(mark(0, 5_000_000), mark(10_000_000, 10_000_000), 0.2)).toBeCloseTo(0.6, 3);
  });

  it('is wholly busy when the server answered only after the window ended', () => {
    // A raw server answered 9.2 s late into a 6 s window: its two answers came back to back.
    expect(windowUtilisation(mark(0, 9_200_000), mark(6_000_000, 9_201_000), 0.16)).toBe(1);
  });
});
