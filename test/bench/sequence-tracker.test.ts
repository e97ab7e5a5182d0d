import { describe, expect, it } from 'vitest';
import { SequenceTracker } from '../../bench/harness/sequence-tracker.js';

describe('counting loss, duplicates and reordering by sequence number', () => {
  it('counts a known gap, duplicate and swap, and delivered + lost = expected', () => {
    const tracker = new SequenceTracker(0, 10);
    // 4 is missing (gap), 6 arrives twice (duplicate), 8 and 7 are swapped.
    for (const seq of [0, 1, 2, 3, 5, 6, 6, 8, 7, 9]) tracker.record(seq);
    expect(tracker.delivered).toBe(9);
    expect(tracker.lost()).toBe(1);
    expect(tracker.duplicates).toBe(1);
    expect(tracker.reordered).toBe(1); // 7 arrives after 8; a duplicate is not a reordering
    expect(tracker.delivered + tracker.lost()).toBe(tracker.expected);
  });

  it('counts a late copy of an old event as a duplicate only, not also as a reordering', () => {
    const tracker = new SequenceTracker(0, 5);
    // 1 arrives again after 3 (a replay): one duplicate, nothing out of order.
    for (const seq of [0, 1, 2, 3, 1, 4]) tracker.record(seq);
    expect(tracker.duplicates).toBe(1);
    expect(tracker.reordered).toBe(0);
    expect(tracker.delivered + tracker.lost()).toBe(tracker.expected);
  });

  it('counts only the measured window toward delivered and lost', () => {
    const tracker = new SequenceTracker(100, 105);
    for (const seq of [98, 99, 100, 101, 103, 104, 105, 106]) tracker.record(seq);
    expect(tracker.expected).toBe(5);
    expect(tracker.delivered).toBe(4);
    expect(tracker.lost()).toBe(1);
    expect(tracker.reordered).toBe(0);
  });

  it('says a late arrival is its first arrival, so its latency is recorded once', () => {
    const tracker = new SequenceTracker(0, 3);
    expect(tracker.record(2)).toBe(true);
    expect(tracker.record(0)).toBe(true);
    expect(tracker.record(0)).toBe(false);
    // 0 after 2 is one reordering; its copy is a duplicate, not a second reordering.
    expect(tracker.reordered).toBe(1);
    expect(tracker.duplicates).toBe(1);
  });

  it('counts everything as lost when nothing arrives', () => {
    const tracker = new SequenceTracker(10, 20);
    expect(tracker.delivered).toBe(0);
    expect(tracker.lost()).toBe(10);
  });

  it('refuses a window that makes no sense', () => {
    expect(() => new SequenceTracker(5, 4)).toThrow(RangeError);
    expect(() => new SequenceTracker(-1, 4)).toThrow(RangeError);
  });
});
