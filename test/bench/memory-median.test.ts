import { describe, expect, it } from 'vitest';
import { medianMemory, MEMORY_REPEATS } from '../../bench/harness/memory.js';
import type { MemoryResult } from '../../bench/harness/results.js';

const run = (rss: number, heap: number, external: number): MemoryResult => ({
  subject: 'ws-starter',
  label: 'websocket starter',
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
});
