import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeCpuGoal } from '../../bench/harness/cpu-goal.js';
import { judgeP99Turns } from '../../bench/harness/p99-goal.js';
import type { FindMaxResult, Measurement, MemoryResult } from '../../bench/harness/results.js';
import { baselineGoalRows, cpuGoalRows, goalRows, goalsReading, type GoalRow } from '../../site/src/bench-goals.js';
import { runLoad } from '../../site/src/bench-load.js';
import { type BenchRunView, shortfall } from '../../site/src/bench-view.js';

/**
 * The Compare page's goals and saturation reading (site/src/bench-goals.ts, bench-load.ts) on
 * runs made from the committed one with a figure changed, so each verdict is seen to follow
 * the figures: the CPU goal's as the harness judges it, the others from find-max, the default
 * rate and --memory.
 */

const committed = JSON.parse(readFileSync(new URL('../../bench/results/latest.json', import.meta.url), 'utf8')) as BenchRunView;
const copy = (): BenchRunView => structuredClone(committed);
const CORES = 2;
const SLO_MS = 50;

/** A measurement shaped like the committed run's, with the figures the goals read set. */
function measurement(subject: Measurement['subject'], figures: { offeredPerS?: number; deliveredShare?: number; p99Ms?: number; count?: number; cpuUs?: number | null; machineBusy?: number | null; runBusy?: number | null; closed?: number } = {}): Measurement {
  const template = committed.runs[0]!;
  const offeredPerS = figures.offeredPerS ?? 1000;
  const expectedPerS = offeredPerS * 100;
  const m: Measurement = {
    ...structuredClone(template),
    subject,
    protocol: subject.startsWith('ws') ? 'ws' : subject.startsWith('sse') ? 'sse' : 'grpc',
    kind: subject.includes('raw') ? 'raw' : 'starter',
    label: subject,
    offeredPerS,
    clients: 100,
    expectedPerS,
    deliveredPerS: Math.round(expectedPerS * (figures.deliveredShare ?? 1)),
    countsAddUp: true,
    machineBusy: figures.machineBusy ?? 0.5,
  };
  m.latency = { ...m.latency, count: figures.count ?? 10_000, p99Ms: figures.p99Ms ?? 2 };
  m.server = { ...m.server, cpuUsPerDelivery: figures.cpuUs === undefined ? 0.5 : figures.cpuUs, cpuCores: 0.4 };
  m.clientsSide = { ...m.clientsSide, cpuCores: 0.4, busiestWorker: 0.3, closedConnections: figures.closed ?? 0 };
  m.publisher = { ...m.publisher, cpuCores: 0.1 };
  if (figures.runBusy !== undefined) m.runBusy = figures.runBusy;
  else delete m.runBusy;
  return m;
}

function findMax(subject: FindMaxResult['subject'], maxDeliveriesPerS: number, clientsLimited = false): FindMaxResult {
  return { subject, label: subject, maxDeliveriesPerS, p99Ms: 10, steps: [], ...(clientsLimited ? { clientsLimited } : {}) };
}

function memory(subject: MemoryResult['subject'], rssBytesPerConnection: number): MemoryResult {
  return { subject, label: subject, counts: [1000, 5000], heapBytes: [0, 0], rssBytes: [0, 0], heapBytesPerConnection: 1000, rssBytesPerConnection };
}

const row = (rows: GoalRow[], goal: GoalRow['goal'], subject: string): GoalRow | undefined => rows.find((r) => r.goal === goal && r.subject === subject);

describe("the Compare page's goals", () => {
  it('shows no CPU goal row for a run recorded without one, and one per judged subject for a run with one', () => {
    const older = copy();
    delete older.cpuGoal;
    expect(cpuGoalRows(older)).toEqual([]);
    expect(goalRows({ ...older, cpuGoal: null }).some((r) => r.goal === 'cpu')).toBe(false);

    const run = copy();
    run.cpuGoal = judgeCpuGoal(
      [measurement('ws-starter', { offeredPerS: 5000, cpuUs: 0.62 }), measurement('sse-starter', { offeredPerS: 5000, cpuUs: 1.4 }), measurement('sse-starter-batch', { offeredPerS: 5000, cpuUs: 0.3, deliveredShare: 0.6, closed: 12 })],
      CORES,
      SLO_MS,
    );
    const rows = cpuGoalRows(run);
    expect(rows.map((r) => [r.subject, r.verdict])).toEqual([
      ['ws-starter', 'met'],
      ['sse-starter', 'not met'],
      ['sse-starter-batch', 'not shown'],
    ]);
    expect(rows[0]!.line).toBe('at most 1 µs of server CPU per delivery at 5,000 events/s × 100 clients');
    expect(rows[0]!.measured).toBe('0.62 µs per delivery (500,000 of 500,000 deliveries/s)');
    expect(rows[1]!.why).toEqual([]);
    // Not sustained: said why, in the harness's words, however cheap its deliveries.
    expect(rows[2]!.why[0]).toBe('it did not sustain the rate (delivered 300000/s < 99% of 500000/s), so its CPU per delivery is not the figure at that rate');
    expect(goalRows(run)[0]!.goal).toBe('cpu');
  });

  it('shows a row judged on several runs with every run\'s figure, and the median run\'s deliveries', () => {
    const run = copy();
    run.cpuGoal = judgeCpuGoal(
      [
        measurement('sse-starter', { offeredPerS: 5000, cpuUs: 1.2 }),
        measurement('sse-starter', { offeredPerS: 5000, cpuUs: 0.93, deliveredShare: 0.995 }),
        measurement('sse-starter', { offeredPerS: 5000, cpuUs: 0.95 }),
      ],
      CORES,
      SLO_MS,
    );
    const [sse] = cpuGoalRows(run);
    expect(sse!.verdict).toBe('met');
    expect(sse!.measured).toBe('0.95 µs per delivery (500,000 of 500,000 deliveries/s), the median of 3 runs: 1.20, 0.93, 0.95 µs');
  });

  it('carries the harness\'s warning when other processes competed with a CPU goal measurement', () => {
    const run = copy();
    // The machine 100% busy, the run's own processes 0.9 of 2 cores (45%): others took 55%.
    run.cpuGoal = judgeCpuGoal([measurement('ws-starter', { offeredPerS: 5000, cpuUs: 0.5, machineBusy: 1 })], CORES, SLO_MS);
    const [ws] = cpuGoalRows(run);
    expect(ws!.verdict).toBe('met');
    expect(ws!.why.join()).toMatch(/other processes competed with this run for the cores.*rerun on a quiet machine/);
  });

  it('judges the maximum rate against 0.9x the raw baseline, and the websocket starter against 5x naive ws', () => {
    const run = copy();
    run.findMax = [findMax('ws-starter', 450_000), findMax('ws-raw', 100_000), findMax('sse-starter', 80_000), findMax('sse-raw', 100_000), findMax('grpc-starter', 95_000), findMax('grpc-raw', 100_000)];
    const rows = baselineGoalRows(run);
    expect(row(rows, 'max-rate', 'ws-starter')).toMatchObject({ verdict: 'met', measured: '450,000 vs 100,000 deliveries/s (4.50×)' });
    expect(row(rows, 'max-rate', 'sse-starter')?.verdict).toBe('not met');
    expect(row(rows, 'max-rate', 'grpc-starter')?.verdict).toBe('met');
    expect(row(rows, 'ws-over-naive', 'ws-starter')?.verdict).toBe('not met');

    run.findMax[0] = findMax('ws-starter', 500_000);
    expect(row(baselineGoalRows(run), 'ws-over-naive', 'ws-starter')?.verdict).toBe('met');
  });

  it('does not judge a maximum the clients may have set on the side that decides it', () => {
    const run = copy();
    // The starter's maximum is a floor (the clients saturated): "not met" would be unsure.
    run.findMax = [findMax('sse-starter', 80_000, true), findMax('sse-raw', 100_000), findMax('grpc-starter', 95_000), findMax('grpc-raw', 100_000, true)];
    const rows = baselineGoalRows(run);
    expect(row(rows, 'max-rate', 'sse-starter')).toMatchObject({ verdict: 'not shown', why: [expect.stringMatching(/clients saturated before the starter did/)] });
    // The raw baseline's maximum is a floor: "met" would be unsure.
    expect(row(rows, 'max-rate', 'grpc-starter')).toMatchObject({ verdict: 'not shown', why: [expect.stringMatching(/clients saturated before grpc-raw did/)] });
  });

  it('judges p99 at the same offered rate only where both carried it, by find-max\'s test', () => {
    const run = copy();
    // A run recorded before the p99 goal had runs of its own: judged at the default rate.
    delete run.p99Goal;
    run.runs = [
      measurement('ws-starter', { p99Ms: 3 }),
      measurement('ws-raw', { p99Ms: 2.5 }),
      measurement('sse-starter', { p99Ms: 4 }),
      measurement('sse-raw', { p99Ms: 2 }),
      measurement('grpc-starter', { deliveredShare: 0, count: 0, closed: 100 }),
      measurement('grpc-raw', { p99Ms: 5 }),
    ];
    const at = "at 1,000 events/s × 100 clients: the run's own rate";
    let rows = baselineGoalRows(run);
    expect(row(rows, 'p99', 'ws-starter')).toMatchObject({ verdict: 'met', measured: 'p99 3.00 ms vs 2.50 ms (1.20×)', why: [at] });
    expect(row(rows, 'p99', 'sse-starter')?.verdict).toBe('not met');
    expect(row(rows, 'p99', 'grpc-starter')).toMatchObject({
      verdict: 'not met',
      measured: 'p99 nothing delivered vs 5.00 ms',
      why: ['the starter did not carry the rate (delivered 0/s < 99% of 100000/s, 100 of its 100 subscriber connections closed), where grpc-raw did', at],
    });

    // Neither carried it: two queues, not two servers.
    run.runs[5] = measurement('grpc-raw', { p99Ms: 900, deliveredShare: 0.5 });
    rows = baselineGoalRows(run);
    expect(row(rows, 'p99', 'grpc-starter')).toMatchObject({ verdict: 'not shown', why: [expect.stringMatching(/^grpc-raw did not carry the rate \(delivered 50000\/s < 99% of 100000\/s\), nor did the starter/), at] });

    // The committed run of 2026-12-04 11:12: raw ws delivered everything at p99 261 ms, over the
    // 50 ms SLO, and the starter's 11.2 ms read "met" at 0.04x: a queue's p99 is not shown now.
    run.runs[1] = measurement('ws-raw', { p99Ms: 261 });
    rows = baselineGoalRows(run);
    expect(row(rows, 'p99', 'ws-starter')).toMatchObject({ verdict: 'not shown', margin: null, why: [expect.stringMatching(/^ws-raw did not carry the rate \(p99 261 ms > 50 ms\): its p99 is a queue's/), at] });
  });

  it("judges p99 from the harness's runs at a rate both sustained, where the run has them", () => {
    const run = copy();
    const runs = [measurement('grpc-starter', { offeredPerS: 300, p99Ms: 9 }), measurement('grpc-raw', { offeredPerS: 300, p99Ms: 7.5 })];
    const at = { ratePerS: 300, clients: 100, rateReason: 'half the lower of their --find-max maxima (617 events/s)' };
    const judgedRuns = [measurement('grpc-starter', { offeredPerS: 300, p99Ms: 20 }), measurement('grpc-raw', { offeredPerS: 300, p99Ms: 10 }), ...runs, measurement('grpc-starter', { offeredPerS: 300, p99Ms: 8 }), measurement('grpc-raw', { offeredPerS: 300, p99Ms: 10 })];
    const judged = judgeP99Turns(
      judgedRuns,
      [[0, 1], [2, 3], [4, 5]],
      at,
      CORES,
      SLO_MS,
    );
    run.p99Goal = { maxRatio: 1.5, rows: [judged], runs: [...judgedRuns] };
    // The gRPC row comes from the goal's runs; websocket and sse, which it has no rows for, from the default run.
    const rows = baselineGoalRows(run).filter((r) => r.goal === 'p99');
    expect(rows.map((r) => r.subject)).toEqual(['ws-starter', 'sse-starter', 'grpc-starter']);
    expect(row(rows, 'p99', 'grpc-starter')).toMatchObject({
      verdict: 'met',
      measured: 'p99 9.00 ms vs 7.50 ms (1.20×, the median of 3 runs in turns: 2.00×, 1.20×, 0.80×)',
      why: [`at 300 events/s × 100 clients: ${at.rateReason}`],
      margin: expect.closeTo(0.2, 10),
    });
    // The raw baseline not carrying the goal's rate: not shown, and the reading says why first.
    run.p99Goal.rows = [judgeP99Turns([measurement('grpc-starter', { offeredPerS: 300, p99Ms: 9 }), measurement('grpc-raw', { offeredPerS: 300, p99Ms: 70 })], [[0, 1]], at, CORES, SLO_MS)];
    const notShown = row(baselineGoalRows(run), 'p99', 'grpc-starter')!;
    expect(notShown).toMatchObject({ verdict: 'not shown', why: ['not carried: grpc-raw: p99 70 ms > 50 ms', `at 300 events/s × 100 clients: ${at.rateReason}`] });
    expect(goalsReading([notShown]).join(' ')).toMatch(/Not shown: grpc-starter, .*: not carried: grpc-raw: p99 70 ms > 50 ms\./);
  });

  it('judges memory per idle connection against 1.2x the raw baseline, and not a slope inside the noise', () => {
    const run = copy();
    run.memory = [memory('ws-starter', 8300), memory('ws-raw', 7000), memory('sse-starter', 8410), memory('sse-raw', 7000), memory('grpc-starter', -200), memory('grpc-raw', 30_000)];
    const rows = baselineGoalRows(run);
    expect(row(rows, 'memory', 'ws-starter')).toMatchObject({ verdict: 'met', measured: '8.1 vs 6.8 KB (1.19×)' });
    // 1.2014x: over the line, so not printed as "1.20×".
    expect(row(rows, 'memory', 'sse-starter')).toMatchObject({ verdict: 'not met', measured: '8.2 vs 6.8 KB (1.201×)' });
    expect(row(rows, 'memory', 'grpc-starter')?.verdict).toBe('not shown');
  });

  it("names every run's ratio when the rows are the turn with the median ratio of several", () => {
    const run = copy();
    const samples = (...rss: number[]) => rss.map((rssBytesPerConnection) => ({ rssBytesPerConnection, heapBytesPerConnection: 3000 }));
    // Turn 2 (3,500 vs 3,000) has the median ratio; each side's own median (3,500 and 3,100) would mix turns 2 and 1.
    run.memory = [
      { ...memory('ws-starter', 3500), samples: samples(4400, 3500, 3200) },
      { ...memory('ws-raw', 3000), samples: samples(3100, 3000, 3300) },
    ];
    expect(row(baselineGoalRows(run), 'memory', 'ws-starter')).toMatchObject({ verdict: 'met', measured: '3.4 vs 2.9 KB (1.17×, the median of 3 runs in turns: 1.42×, 1.17×, 0.97×)' });
  });

  it('has no row for a goal whose figures the run lacks', () => {
    const run = copy();
    run.findMax = null;
    run.memory = null;
    delete run.cpuGoal;
    expect(new Set(goalRows(run).map((r) => r.goal))).toEqual(new Set(['p99']));
  });

  it('reads the verdicts out, naming what is not met, not shown, or near its line', () => {
    const run = copy();
    run.findMax = [findMax('ws-starter', 520_000), findMax('ws-raw', 100_000), findMax('sse-starter', 50_000), findMax('sse-raw', 100_000), findMax('grpc-starter', 95_000), findMax('grpc-raw', 100_000, true)];
    run.memory = null;
    run.runs = [];
    delete run.cpuGoal;
    delete run.p99Goal;
    const reading = goalsReading(goalRows(run)).join('\n');
    expect(reading).toMatch(/^This run judges 3 of the 4 rows above: 2 met, 1 not met\./);
    expect(reading).toMatch(/Not met: sse-starter, maximum sustainable rate at least 0\.9× the raw baseline's \(50,000 vs 100,000 deliveries\/s \(0\.50×\)\)/);
    expect(reading).toMatch(/Not shown: grpc-starter/);
    // 5.2x against a line of 5x is 4% away.
    expect(reading).toMatch(/Within 10% of the line.*ws-starter \(maximum rate against the naive ws server, met\)/);
  });
});

describe("the Compare page's reading of the machine's load", () => {
  it('tells the run using every core from other processes competing, as the harness does', () => {
    const run = copy();
    delete run.cpuGoal;
    delete run.p99Goal;
    run.runs = [
      // The machine 98% busy, 95% of it the run's own: it used every core itself.
      measurement('ws-raw', { machineBusy: 0.98, runBusy: 0.95 }),
      // 98% busy, 45% the run's (server 0.4 + clients 0.4 + publisher 0.1 of 2 cores, from a run recorded before runBusy): others competed.
      measurement('sse-raw', { machineBusy: 0.98 }),
      measurement('grpc-raw', { machineBusy: 0.5 }),
    ];
    const load = runLoad(run);
    expect(load.measurements).toBe(3);
    expect(load.own.map((s) => s.label)).toEqual(['ws-raw']);
    expect(load.own[0]!.warning).toMatch(/the run used every core/);
    expect(load.others.map((s) => [s.label, s.saturation.kind === 'others' ? s.saturation.others : null])).toEqual([['sse-raw', 0.53]]);
    expect(load.others[0]!.warning).toMatch(/other processes used 53% of it \(this run 45%\)/);
  });
});

describe('shortfall (why a row did not carry its rate, on the Compare page)', () => {
  it('says nothing for a measurement that delivered its rate', () => {
    const run = copy();
    run.runs = [measurement('ws-starter')];
    expect(shortfall(run, run.runs[0]!)).toBeUndefined();
  });

  it('names the maximum it is over, and the connections the server closed rather than queue', () => {
    const run = copy();
    const m = measurement('grpc-starter', { deliveredShare: 0, count: 0, closed: 100 });
    run.runs = [m];
    run.findMax = [findMax('grpc-starter', 51_900)];
    expect(shortfall(run, m)).toBe('100,000 deliveries/s is over its maximum on this machine (51,900/s); it closed every one of its 100 subscriber connections rather than queue');
  });

  it('gives the share delivered when no maximum says more, and a partial count of closed connections', () => {
    const run = copy();
    run.findMax = null;
    const m = measurement('ws-raw', { deliveredShare: 0.5, closed: 3 });
    expect(shortfall(run, m)).toBe('it delivered 50% of 100,000 deliveries/s; it closed 3 of its 100 subscriber connections rather than queue');
  });
});
