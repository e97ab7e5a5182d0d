import { describe, expect, it } from 'vitest';
import { judgeP99Turns, maxOfferedRate, p99GoalRate, p99GoalSentence } from '../../bench/harness/p99-goal.js';
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
    latency: { count: figures.count ?? 10_000, p50Ms: 1, p90Ms: 2, p99Ms, p999Ms: p99Ms, maxMs: p99Ms },
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
  it("is measured at half the lower maximum, rounded down, or at the run's own rate when that is lower, never at a knee", () => {
    expect(maxOfferedRate(search([100, 200, 400, 566], [800, 673]))).toBe(566);
    expect(maxOfferedRate(search([], [100, 50]))).toBeUndefined();
    // The 2026-12-04 record: the gRPC starter 617 events/s, raw grpc-js 673; the run's 1,000 over both.
    expect(p99GoalRate(search([100, 617]), search([100, 673]), 1000)).toEqual({ ratePerS: 300, reason: 'half the lower of their --find-max maxima (617 events/s)' });
    // Its raw ws passed 800 at p99 28.8 ms (6.1 ms at 400): a --rate at or just under a maximum is a knee, not a latency.
    expect(p99GoalRate(search([25_600]), search([800], [872]), 800)?.ratePerS).toBe(400);
    expect(p99GoalRate(search([25_600]), search([8_730]), 30_000)?.ratePerS).toBe(4_300);
    expect(p99GoalRate(search([1600]), search([1200]), 500)).toEqual({ ratePerS: 500, reason: "the run's own rate, at most half the lower of their --find-max maxima (1,200 events/s)" });
    // Tiny maxima still give a whole rate of at least 1.
    expect(p99GoalRate(search([10]), search([35]), 1000)?.ratePerS).toBe(5);
    expect(p99GoalRate(search([100]), search([], [100, 50, 25, 10]), 1000)).toBeUndefined();
  });

  it('takes the turn with the median ratio, both sides from that turn', () => {
    // Ratios by turn: 2.0, 0.8, 1.2; the median turn is the third (each side's own median would be 9 and 10, from two turns).
    const runs = [run('grpc-starter', 20), run('grpc-raw', 10), run('grpc-starter', 8), run('grpc-raw', 10), run('grpc-starter', 9), run('grpc-raw', 7.5)];
    const row = judgeP99Turns(runs, turns(3), AT, CORES, SLO_MS);
    expect(row).toMatchObject({ protocol: 'grpc', subject: 'grpc-starter', rawSubject: 'grpc-raw', starterP99Ms: 9, rawP99Ms: 7.5, carried: true, verdict: 'met', runIndexes: [4, 5] });
    expect(row.ratio).toBeCloseTo(1.2, 10);
    expect(row.samples).toEqual([
      { starterP99Ms: 20, rawP99Ms: 10, carried: true },
      { starterP99Ms: 8, rawP99Ms: 10, carried: true },
      { starterP99Ms: 9, rawP99Ms: 7.5, carried: true },
    ]);
    expect(p99GoalSentence(row)).toBe(
      "grpc starter: p99 9 ms against raw grpc-js's 7.5 ms (1.20x), the turn with the median ratio of the 3 of 3 turns both carried at 300 events/s x 100 clients (half the lower maximum) (goal: at most 1.5x): goal met",
    );
  });

  it('is not met over 1.5x, or when the starter did not carry a rate its baseline did', () => {
    expect(judgeP99Turns([run('grpc-starter', 16), run('grpc-raw', 10)], turns(1), AT, CORES, SLO_MS).verdict).toBe('not met');
    expect(judgeP99Turns([run('grpc-starter', 15), run('grpc-raw', 10)], turns(1), AT, CORES, SLO_MS).verdict).toBe('met');
    const dropped = judgeP99Turns([run('grpc-starter', 4, { deliveredShare: 0.5 }), run('grpc-raw', 10)], turns(1), AT, CORES, SLO_MS);
    expect(dropped).toMatchObject({ verdict: 'not met', carried: false, notCarried: 'the starter: delivered 15000/s < 99% of 30000/s' });
    expect(p99GoalSentence(dropped)).toMatch(/goal not met: not carried \(the starter: delivered 15000\/s < 99% of 30000\/s\)$/);
  });

  it('is not shown when the baseline did not carry the rate', () => {
    const row = judgeP99Turns([run('grpc-starter', 10), run('grpc-raw', 80)], turns(1), AT, CORES, SLO_MS);
    expect(row).toMatchObject({ verdict: 'not shown', carried: false, notCarried: 'raw grpc-js: p99 80 ms > 50 ms' });
  });

  it("leaves out turns a side did not carry: a queue's ratio does not pull the median", () => {
    // Ratios 0.05 (raw queued, p99 200 ms), 1.4 and 1.7: of the two carried turns the higher, 1.7, not the median of all three, 1.4.
    const runs = [run('grpc-starter', 10), run('grpc-raw', 200), run('grpc-starter', 14), run('grpc-raw', 10), run('grpc-starter', 17), run('grpc-raw', 10)];
    const row = judgeP99Turns(runs, turns(3), AT, CORES, SLO_MS);
    expect(row).toMatchObject({ carried: true, verdict: 'not met', starterP99Ms: 17, runIndexes: [4, 5] });
    expect(row.samples.map((t) => t.carried)).toEqual([false, true, true]);
    expect(p99GoalSentence(row)).toMatch(/the turn with the median ratio of the 2 of 3 turns both carried/);
    // One turn where the starter delivered nothing, two with ratios: the median is a real ratio.
    const dropped = [run('grpc-starter', 0, { count: 0, deliveredShare: 0 }), run('grpc-raw', 10), run('grpc-starter', 11), run('grpc-raw', 10), run('grpc-starter', 12), run('grpc-raw', 10)];
    const median = judgeP99Turns(dropped, turns(3), AT, CORES, SLO_MS);
    expect(median).toMatchObject({ starterP99Ms: 12, verdict: 'met', runIndexes: [4, 5] });
    expect(median.samples[0]).toEqual({ starterP99Ms: null, rawP99Ms: 10, carried: false });
    // Two of three turns not carried: the row is not carried, and says why from the median of all turns.
    const mostly = judgeP99Turns([run('grpc-starter', 10), run('grpc-raw', 200), run('grpc-starter', 10), run('grpc-raw', 300), run('grpc-starter', 10), run('grpc-raw', 10)], turns(3), AT, CORES, SLO_MS);
    expect(mostly).toMatchObject({ carried: false, verdict: 'not shown' });
    expect(mostly.notCarried).toMatch(/^raw grpc-js: p99 (200|300) ms > 50 ms$/);
  });

  it('judges no p99 on fewer than 2,000 deliveries a side (a short run), and no ratio on a p99 of 0', () => {
    const short = judgeP99Turns([run('grpc-starter', 20, { count: 600 }), run('grpc-raw', 5, { count: 600 })], turns(1), AT, CORES, SLO_MS);
    expect(short).toMatchObject({ verdict: 'not shown', carried: false });
    expect(short.notCarried).toBe('the starter: 600 deliveries, under the 2,000 a p99 is judged on; raw grpc-js: 600 deliveries, under the 2,000 a p99 is judged on');
    const zero = judgeP99Turns([run('grpc-starter', 0), run('grpc-raw', 0)], turns(1), AT, CORES, SLO_MS);
    expect(zero).toMatchObject({ verdict: 'not shown', carried: true, ratio: null });
    expect(p99GoalSentence(zero)).toMatch(/goal not shown: no ratio to judge \(a p99 of 0\)$/);
  });

  it('says when other processes competed with the median turn', () => {
    const row = judgeP99Turns([run('grpc-starter', 10, { machineBusy: 0.97, runBusy: 0.5 }), run('grpc-raw', 10)], turns(1), AT, CORES, SLO_MS);
    expect(row.othersCompeted).toBe(true);
    expect(p99GoalSentence(row)).toMatch(/rerun on a quiet machine before trusting it\)$/);
  });
});
