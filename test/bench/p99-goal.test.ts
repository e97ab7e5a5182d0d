import { describe, expect, it } from 'vitest';
import { judgeP99Turns, maxOfferedRate, P99_GOAL, p99GoalRate, p99GoalSentence } from '../../bench/harness/p99-goal.js';
import type { FindMaxStep, Measurement } from '../../bench/harness/results.js';

/** A --find-max search that passed the given rates and failed the others. */
function search(passed: number[], failed: number[] = []): { steps: FindMaxStep[] } {
  const step = (offeredPerS: number, ok: boolean): FindMaxStep => ({ offeredPerS, deliveredPerS: offeredPerS * 100, p99Ms: 5, passed: ok, reason: ok ? 'met the SLO' : 'p99 over' });
  return { steps: [...passed.map((r) => step(r, true)), ...failed.map((r) => step(r, false))] };
}

function run(subject: 'grpc-starter' | 'grpc-raw', p99Ms: number, figures: { deliveredShare?: number; count?: number; machineBusy?: number; runBusy?: number } = {}): Measurement {
  const expectedPerS = 300 * 100;
  return {
    subject,
    protocol: 'grpc',
    kind: subject === 'grpc-raw' ? 'raw' : 'starter',
    label: subject === 'grpc-raw' ? 'raw grpc-js' : 'grpc starter',
    offeredPerS: 300,
    countsAddUp: true,
    expectedPerS,
    deliveredPerS: Math.round(expectedPerS * (figures.deliveredShare ?? 1)),
    latency: { count: figures.count ?? 1000, p50Ms: 1, p90Ms: 2, p99Ms, p999Ms: p99Ms, maxMs: p99Ms },
    clientsSide: { cpuCores: 0.2, loopDelayP99Ms: 1, busiestWorker: 0.2 },
    server: { cpuUsPerDelivery: 2, cpuCores: 0.2 },
    publisher: { cpuCores: 0 },
    machineBusy: figures.machineBusy ?? 0.4,
    runBusy: figures.runBusy ?? figures.machineBusy ?? 0.4,
  } as Measurement;
}

const AT = { ratePerS: 300, clients: 100, rateReason: 'half the lower maximum' };
const CORES = 2;
const SLO_MS = 50;
const turns = (n: number): [number, number][] => Array.from({ length: n }, (_, i) => [2 * i, 2 * i + 1]);

describe("issue 16's p99 goal", () => {
  it('is 1.5x the raw baseline, three runs each in turns', () => {
    expect(P99_GOAL).toMatchObject({ maxRatio: 1.5, repeats: 3, shareOfLowerMax: 0.5 });
  });

  it("is measured at the run's own rate when both maxima reach it, else at half the lower maximum, rounded down", () => {
    expect(maxOfferedRate(search([100, 200, 400, 566], [800, 673]))).toBe(566);
    expect(maxOfferedRate(search([], [100, 50]))).toBeUndefined();
    expect(p99GoalRate(search([100, 1600, 1131]), search([1000, 1200]), 1000)).toEqual({ ratePerS: 1000, reason: "the run's own rate, which both sustained" });
    // The 2026-12-04 record: the gRPC starter 617 events/s, raw grpc-js 673; the run's 1,000 over both.
    const grpc = p99GoalRate(search([100, 617]), search([100, 673]), 1000)!;
    expect(grpc.ratePerS).toBe(300);
    expect(grpc.reason).toBe("half the lower of their --find-max maxima (617 events/s), the run's 1,000 being over the starter's");
    expect(p99GoalRate(search([25_600]), search([8_730]), 30_000)?.ratePerS).toBe(4_300);
    expect(p99GoalRate(search([400]), search([400]), 1000)?.reason).toMatch(/being over both$/);
    expect(p99GoalRate(search([100]), search([], [100, 50, 25, 10]), 1000)).toBeUndefined();
  });

  it('takes the turn with the median ratio, both sides from that turn', () => {
    // Ratios by turn: 2.0, 0.8, 1.2; the median turn is the third (each side's own median would be 9 and 10, from two turns).
    const runs = [run('grpc-starter', 20), run('grpc-raw', 10), run('grpc-starter', 8), run('grpc-raw', 10), run('grpc-starter', 9), run('grpc-raw', 7.5)];
    const row = judgeP99Turns(runs, turns(3), AT, CORES, SLO_MS);
    expect(row).toMatchObject({ protocol: 'grpc', subject: 'grpc-starter', rawSubject: 'grpc-raw', starterP99Ms: 9, rawP99Ms: 7.5, carried: true, verdict: 'met', runIndexes: [4, 5] });
    expect(row.ratio).toBeCloseTo(1.2, 10);
    expect(row.samples).toEqual([
      { starterP99Ms: 20, rawP99Ms: 10 },
      { starterP99Ms: 8, rawP99Ms: 10 },
      { starterP99Ms: 9, rawP99Ms: 7.5 },
    ]);
    expect(p99GoalSentence(row)).toBe(
      "grpc starter: p99 9 ms against raw grpc-js's 7.5 ms (1.20x), the turn with the median ratio of 3 at 300 events/s x 100 clients (half the lower maximum) (goal: at most 1.5x): goal met",
    );
  });

  it('is not met over 1.5x, or when the starter did not carry a rate its baseline did', () => {
    expect(judgeP99Turns([run('grpc-starter', 16), run('grpc-raw', 10)], turns(1), AT, CORES, SLO_MS).verdict).toBe('not met');
    expect(judgeP99Turns([run('grpc-starter', 15), run('grpc-raw', 10)], turns(1), AT, CORES, SLO_MS).verdict).toBe('met');
    const dropped = judgeP99Turns([run('grpc-starter', 4, { deliveredShare: 0.5 }), run('grpc-raw', 10)], turns(1), AT, CORES, SLO_MS);
    expect(dropped).toMatchObject({ verdict: 'not met', carried: false, notCarried: 'the starter: delivered 15000/s < 99% of 30000/s' });
    expect(p99GoalSentence(dropped)).toMatch(/goal not met: not carried \(the starter: delivered 15000\/s < 99% of 30000\/s\)$/);
  });

  it('is not shown when the baseline did not carry the rate, and ranks a turn without a ratio last', () => {
    const row = judgeP99Turns([run('grpc-starter', 10), run('grpc-raw', 80)], turns(1), AT, CORES, SLO_MS);
    expect(row).toMatchObject({ verdict: 'not shown', carried: false, notCarried: 'raw grpc-js: p99 80 ms > 50 ms' });
    // One turn where the starter delivered nothing, two with ratios: the median is a real ratio.
    const runs = [run('grpc-starter', 0, { count: 0, deliveredShare: 0 }), run('grpc-raw', 10), run('grpc-starter', 11), run('grpc-raw', 10), run('grpc-starter', 12), run('grpc-raw', 10)];
    const median = judgeP99Turns(runs, turns(3), AT, CORES, SLO_MS);
    expect(median).toMatchObject({ starterP99Ms: 12, verdict: 'met', runIndexes: [4, 5] });
    expect(median.samples[0]).toEqual({ starterP99Ms: null, rawP99Ms: 10 });
  });

  it('says when other processes competed with the median turn', () => {
    const row = judgeP99Turns([run('grpc-starter', 10, { machineBusy: 0.97, runBusy: 0.5 }), run('grpc-raw', 10)], turns(1), AT, CORES, SLO_MS);
    expect(row.othersCompeted).toBe(true);
    expect(p99GoalSentence(row)).toMatch(/rerun on a quiet machine before trusting it\)$/);
  });
});
