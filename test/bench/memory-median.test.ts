import { describe, expect, it } from 'vitest';
import { medianMemory, MEMORY_REPEATS, pairedMedianMemory } from '../../bench/harness/memory.js';
import type { MemoryResult } from '../../bench/harness/results.js';

const run = (rss: number, heap: number, external: number, subject: MemoryResult['subject'] = 'ws-starter'): MemoryResult => ({
  subject,
  label: subject,
  counts: [1_000, 5_000],
  heapBytes: [0, heap * 4_000],
  rssBytes: [0, rss * 4_000],
  heapBytesPerConnection: heap,
  rssBytesPerConnection: rss,
  externalBytesPerConnection: external,
});

describe('--memory over several runs', () => {
  it('takes three runs per subject', () => {
    expect(MEMORY_REPEATS).toBe(3);
  });

  it('is the whole run with the median RSS slope, every run kept in order', () => {
    // 1.37x, 1.03x and 1.10x a 3,146 B baseline: one run alone would decide a 1.2x goal.
    const row = medianMemory([run(4_325, 3_037, 10), run(3_240, 3_030, 11), run(3_460, 3_041, 12)]);
    expect(row).toMatchObject({ rssBytesPerConnection: 3_460, heapBytesPerConnection: 3_041, externalBytesPerConnection: 12 });
    expect(row.samples?.map((s) => s.rssBytesPerConnection)).toEqual([4_325, 3_240, 3_460]);
  });

  it('of an even count, takes the higher of the middle two (the cautious one for a ceiling)', () => {
    expect(medianMemory([run(100, 1, 0), run(400, 4, 0), run(200, 2, 0), run(300, 3, 0)]).rssBytesPerConnection).toBe(300);
  });

  it('is the run itself, with no samples, when there was one', () => {
    expect(medianMemory([run(500, 5, 0)])).toEqual(run(500, 5, 0));
    expect(() => medianMemory([])).toThrow(/at least one run/);
  });

  it("pairs a starter with its raw baseline: both rows from the turn with the median ratio, not each side's own median", () => {
    const starter = [run(4_400, 1, 0), run(3_500, 2, 0), run(3_200, 3, 0)];
    const raw = [run(3_100, 1, 0, 'ws-raw'), run(3_000, 2, 0, 'ws-raw'), run(3_300, 3, 0, 'ws-raw')];
    // Ratios by turn 1.42, 1.17, 0.97: turn 2. Apart, the medians are 3,500 (turn 2) and 3,100 (turn 1): 1.13.
    const [s, r] = pairedMedianMemory(starter, raw);
    expect([s.rssBytesPerConnection, r.rssBytesPerConnection]).toEqual([3_500, 3_000]);
    expect([s.subject, r.subject, s.heapBytesPerConnection, r.heapBytesPerConnection]).toEqual(['ws-starter', 'ws-raw', 2, 2]);
    expect(r.samples?.map((x) => x.rssBytesPerConnection)).toEqual([3_100, 3_000, 3_300]);
  });

  it('of an even count of turns, takes the higher middle ratio; with a slope at or below zero, each side its own median', () => {
    const starter = [run(100, 0, 0), run(400, 0, 0), run(200, 0, 0), run(300, 0, 0)];
    const raw = [run(100, 0, 0, 'ws-raw'), run(100, 0, 0, 'ws-raw'), run(100, 0, 0, 'ws-raw'), run(100, 0, 0, 'ws-raw')];
    expect(pairedMedianMemory(starter, raw).map((m) => m.rssBytesPerConnection)).toEqual([300, 100]);
    const [s, r] = pairedMedianMemory([run(100, 0, 0), run(-50, 0, 0), run(300, 0, 0)], [run(100, 0, 0, 'ws-raw'), run(90, 0, 0, 'ws-raw'), run(80, 0, 0, 'ws-raw')]);
    expect([s.rssBytesPerConnection, r.rssBytesPerConnection]).toEqual([100, 90]);
    expect(() => pairedMedianMemory([run(1, 0, 0)], [])).toThrow(/as many runs/);
  });
});
