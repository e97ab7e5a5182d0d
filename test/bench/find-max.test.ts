import { describe, expect, it } from 'vitest';
import { REFINE_TO, searchMaxRate } from '../../bench/harness/find-max.js';

/** A server that sustains every rate up to `limit` events/s and none above; records what was tried. */
function serverUpTo(limit: number): { passes: (rate: number) => Promise<boolean>; tried: number[] } {
  const tried: number[] = [];
  return { tried, passes: async (rate) => (tried.push(rate), rate <= limit) };
}

describe('the --find-max search', () => {
  it('doubles to the first failure, then bisects until the last pass and the first failure are within 1.1x', async () => {
    const server = serverUpTo(700);
    const found = await searchMaxRate(server.passes, { startRate: 100, maxSteps: 9 });
    expect(server.tried).toEqual([100, 200, 400, 800, 566, 673, 734]);
    expect(found).toEqual({ passed: 673, failed: 734 });
    expect(found.failed! / found.passed!).toBeLessThanOrEqual(REFINE_TO);
  });

  it('tells apart servers the one-midpoint grid reported alike (every raw baseline at 566 events/s)', async () => {
    const slower = await searchMaxRate(serverUpTo(600).passes, { startRate: 100, maxSteps: 9 });
    const faster = await searchMaxRate(serverUpTo(790).passes, { startRate: 100, maxSteps: 9 });
    expect(slower.passed).toBeLessThan(faster.passed!);
    for (const [limit, found] of [[600, slower], [790, faster]] as const) {
      expect(found.passed).toBeLessThanOrEqual(limit);
      expect(found.passed! * REFINE_TO).toBeGreaterThan(limit);
    }
  });

  it('halves while the first rate fails, then refines the same way', async () => {
    const server = serverUpTo(30);
    const found = await searchMaxRate(server.passes, { startRate: 100, maxSteps: 9 });
    expect(server.tried).toEqual([100, 50, 25, 35, 30, 32]);
    expect(found).toEqual({ passed: 30, failed: 32 });
  });

  it('stops doubling after maxSteps rates and refines nothing when no rate failed', async () => {
    const server = serverUpTo(Infinity);
    expect(await searchMaxRate(server.passes, { startRate: 100, maxSteps: 4 })).toEqual({ passed: 800 });
    expect(server.tried).toEqual([100, 200, 400, 800]);
  });

  it('reports no pass when even the lowest rate fails', async () => {
    const server = serverUpTo(0);
    const found = await searchMaxRate(server.passes, { startRate: 100, maxSteps: 9 });
    expect(found).toEqual({ failed: 10 });
    expect(server.tried.at(-1)).toBe(10);
  });
});
