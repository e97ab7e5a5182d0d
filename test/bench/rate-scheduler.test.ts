import { describe, expect, it } from 'vitest';
import { intendedTimeUs, startSchedule } from '../../bench/harness/rate-scheduler.js';

/** A clock the test moves by hand, and a wait() that runs callbacks when the clock passes them. */
function manualTime(start: number) {
  let now = start;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    clock: () => now,
    wait: (fn: () => void, ms: number) => void timers.push({ at: now + ms * 1000, fn }),
    /** Moves the clock to `to`, firing due timers in order (each may schedule another). */
    advance(to: number, lateUs = 0) {
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > to) break;
        timers.shift();
        now = Math.max(now, next.at + lateUs);
        next.fn();
      }
      now = Math.max(now, to);
    },
  };
}

describe('the open-loop rate scheduler', () => {
  it('puts event i at exactly start + i/rate', () => {
    expect(intendedTimeUs(1_000_000, 1000, 0)).toBe(1_000_000);
    expect(intendedTimeUs(1_000_000, 1000, 1)).toBe(1_001_000);
    expect(intendedTimeUs(1_000_000, 3, 1)).toBe(1_333_333);
    expect(intendedTimeUs(0, 7, 7_000)).toBe(1_000_000_000);
  });

  it('sends every event once, in order, never before its intended time, with timers that fire late', () => {
    const time = manualTime(0);
    const sent: { seq: number; intended: number; at: number }[] = [];
    const schedule = startSchedule({
      startUs: 10_000,
      rate: 2_500,
      count: 5_000,
      send: (seq, intended) => sent.push({ seq, intended, at: time.clock() }),
      clock: time.clock,
      wait: time.wait,
    });
    time.advance(3_000_000, 700); // every timer fires 0.7 ms late
    expect(schedule.sent).toBe(5_000);
    expect(sent.map((s) => s.seq)).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    for (const s of sent) {
      expect(s.intended).toBe(intendedTimeUs(10_000, 2_500, s.seq));
      expect(s.at).toBeGreaterThanOrEqual(s.intended);
    }
    // Late timers are absorbed by sending what is due in a burst: the lag stays bounded.
    expect(schedule.maxLagUs).toBeLessThan(2_000);
  });

  it('catches up after a stall by sending everything that fell due, so the offered rate holds', async () => {
    const time = manualTime(0);
    let count = 0;
    const schedule = startSchedule({ startUs: 0, rate: 1_000, count: 2_000, send: () => count++, clock: time.clock, wait: time.wait });
    time.advance(0);
    // The loop is blocked for 500 ms: nothing fires, then the first timer runs very late.
    time.advance(500_000, 499_000);
    expect(count).toBeGreaterThanOrEqual(500);
    expect(count).toBeLessThanOrEqual(501);
    time.advance(2_000_000);
    await schedule.done;
    expect(count).toBe(2_000);
  });

  it('meets its rate on the real clock within a couple of timer ticks', async () => {
    const sends: number[] = [];
    const startUs = Number(process.hrtime.bigint() / 1000n) + 20_000;
    const schedule = startSchedule({ startUs, rate: 2_000, count: 400, send: (_seq, intended) => sends.push(intended) });
    await schedule.done;
    expect(sends).toHaveLength(400);
    // Accuracy is about the grid, not the machine's speed: the intended times are exact.
    expect(sends[399]! - sends[0]!).toBe(intendedTimeUs(startUs, 2_000, 399) - startUs);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => startSchedule({ startUs: 0, rate: 0, count: 1, send: () => {} })).toThrow(RangeError);
    expect(() => startSchedule({ startUs: 0, rate: Number.NaN, count: 1, send: () => {} })).toThrow(RangeError);
  });
});
