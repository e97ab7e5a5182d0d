/**
 * Issue 16's goals for the starters, judged from a committed run's JSON when the site is built:
 * the CPU goal as the harness judged it (cpuGoal.rows), the others from the run's find-max,
 * default-rate and memory figures. A goal whose figures the run does not have gets no row, so an
 * older run shows fewer goals, never a placeholder.
 */
import { sloFailure } from '../../bench/harness/find-max.js';
import { runBusy, saturation } from '../../bench/harness/machine-load.js';
import type { P99GoalRow } from '../../bench/harness/p99-goal.js';
import type { FindMaxResult, Measurement } from '../../bench/harness/results.js';
import { findMaxOf, formatCount, formatKb, formatMs, formatPercent, runOf, type BenchProtocol, type BenchRunView } from './bench-view.js';

/** Issue 16's lines for a starter against its raw baseline (the CPU goal's are in the run's JSON). */
export const BASELINE_GOALS = {
  /** Maximum sustainable deliveries/s, starter / raw, at least. */
  maxRateRatio: 0.9,
  /** p99 at the same offered rate, starter / raw, at most. */
  p99Ratio: 1.5,
  /** RSS per idle connection, starter / raw, at most. */
  memoryRatio: 1.2,
  /** The websocket starter's maximum rate / the naive raw ws server's, at least. */
  wsOverNaive: 5,
} as const;

export type GoalId = 'cpu' | 'max-rate' | 'p99' | 'memory' | 'ws-over-naive';
export type Verdict = 'met' | 'not met' | 'not shown';

/** Each goal in a few words, for the reading. */
export const goalNames: Record<GoalId, string> = {
  cpu: 'CPU per delivery',
  'max-rate': 'maximum rate against the raw baseline',
  p99: 'p99 against the raw baseline',
  memory: 'memory per connection against the raw baseline',
  'ws-over-naive': 'maximum rate against the naive ws server',
};

export interface GoalRow {
  goal: GoalId;
  /** The line, in words ("at most 1 µs of server CPU per delivery at 5,000 events/s × 100 clients"). */
  line: string;
  subject: string;
  label: string;
  /** The figures the verdict comes from. */
  measured: string;
  verdict: Verdict;
  /** Why it is not shown, and anything that weakens the verdict; empty when there is nothing to add. */
  why: string[];
  /** How far the figure is from the line, as a fraction of the line (0.05 = 5% away); null when not judged. */
  margin: number | null;
}

const OTHERS_CAVEAT = 'other processes competed with this run for the cores: rerun on a quiet machine before trusting it';

/** It ran at its offered rate: the counts add up and at least 99% of the expected deliveries arrived (the harness's test in cpu-goal.ts). */
export function carried(m: Pick<Measurement, 'countsAddUp' | 'deliveredPerS' | 'expectedPerS'>): boolean {
  return m.countsAddUp && m.deliveredPerS >= 0.99 * m.expectedPerS;
}

function othersCompeted(m: Measurement, cores: number): boolean {
  return saturation(m.machineBusy, m.runBusy ?? runBusy(m, cores))?.kind === 'others';
}

function shortfall(m: Measurement): string {
  const share = m.expectedPerS > 0 ? formatPercent(m.deliveredPerS / m.expectedPerS) : '0%';
  const closed = m.clientsSide.closedConnections > 0 ? `, ${m.clientsSide.closedConnections} of its ${m.clients} subscriber connections closed` : '';
  const counts = m.countsAddUp ? '' : ', and its counts do not add up';
  return `delivered ${share} of the expected deliveries${closed}${counts}`;
}

/** A ratio to two decimals, or three where two would read as the line itself (1.2015 is not "1.20×", which meets 1.2). */
const times = (x: number, line?: number): string => (line !== undefined && x !== line && Number(x.toFixed(2)) === line ? `${x.toFixed(3)}×` : `${x.toFixed(2)}×`);

/** ", the median of 3 runs: 0.93, 0.97, 1.02 µs" for a row judged on several runs. */
function medianOf(samples: readonly (number | null)[] | undefined): string {
  if (samples === undefined || samples.length < 2) return '';
  return `, the median of ${samples.length} runs: ${samples.map((x) => (x === null ? 'unmeasured' : x.toFixed(2))).join(', ')} µs`;
}

/** The CPU goal, one row per subject the harness judged at the goal's point. */
export function cpuGoalRows(run: BenchRunView): GoalRow[] {
  const goal = run.cpuGoal;
  if (!goal) return [];
  const line = `at most ${goal.maxUsPerDelivery} µs of server CPU per delivery at ${formatCount(goal.ratePerS)} events/s × ${goal.clients} clients`;
  return goal.rows.map((row) => {
    // Runs recorded before the goal took a median of several name no index: their one run per subject.
    const m = (row.runIndex === undefined ? undefined : goal.runs[row.runIndex]) ?? goal.runs.find((r) => r.subject === row.subject);
    const cpu = row.cpuUsPerDelivery;
    const why: string[] = [];
    if (!row.carried) {
      // The harness's reason (find-max's own test: delivered, p99 within the SLO, counts), else the shortfall.
      why.push(`it did not sustain the rate (${row.notCarried ?? (m ? shortfall(m) : 'under 99% delivered, p99 over the SLO, or the counts do not add up')}), so its CPU per delivery is not the figure at that rate`);
    }
    if (row.othersCompeted) why.push('other processes competed with this run for the cores, which batches more events per turn: rerun on a quiet machine before trusting it');
    return {
      goal: 'cpu',
      line,
      subject: row.subject,
      label: row.label,
      measured: cpu === null ? 'not measured' : `${cpu.toFixed(2)} µs per delivery${m ? ` (${formatCount(m.deliveredPerS)} of ${formatCount(m.expectedPerS)} deliveries/s)` : ''}${medianOf(row.samples)}`,
      verdict: row.met ? 'met' : row.carried ? 'not met' : 'not shown',
      why,
      margin: row.carried && cpu !== null ? Math.abs(cpu - goal.maxUsPerDelivery) / goal.maxUsPerDelivery : null,
    };
  });
}

/** A starter's maximum rate against a raw baseline's, at least `min` times it. */
function maxRateRow(goal: GoalId, line: string, starter: FindMaxResult, raw: FindMaxResult, min: number): GoalRow {
  const base = { goal, line, subject: starter.subject, label: starter.label };
  const figures = `${formatCount(starter.maxDeliveriesPerS)} vs ${formatCount(raw.maxDeliveriesPerS)} deliveries/s`;
  if (raw.maxDeliveriesPerS <= 0) {
    return { ...base, measured: figures, verdict: 'not shown', why: [`${raw.label} sustained no rate within the SLO: there is nothing to be a multiple of`], margin: null };
  }
  const ratio = starter.maxDeliveriesPerS / raw.maxDeliveriesPerS;
  const measured = `${figures} (${times(ratio, min)})`;
  // A maximum the clients set is a floor: the server's own is at least that. A floor under the
  // raw baseline makes "met" unsure, a floor under the starter makes "not met" unsure.
  if (ratio >= min && raw.clientsLimited) {
    return { ...base, measured, verdict: 'not shown', why: [`the clients saturated before ${raw.label} did: its own maximum may be higher, and this ratio lower`], margin: null };
  }
  if (ratio < min && starter.clientsLimited) {
    return { ...base, measured, verdict: 'not shown', why: ['the clients saturated before the starter did: its own maximum is at least this, and may meet the line'], margin: null };
  }
  return { ...base, measured, verdict: ratio >= min ? 'met' : 'not met', why: [], margin: Math.abs(ratio - min) / min };
}

/** The p99 goal's line, the same for a row from the goal's own runs and one from the default run (they can share a table group). */
function p99Line(maxRatio: number): string {
  return `p99 at most ${maxRatio}× the raw baseline's at the same offered rate, one both sustained`;
}

/**
 * The p99 goal as the harness judged it under --find-max: at a rate both servers sustained, the
 * turn with the median ratio of several (bench/harness/p99-goal.ts).
 */
function p99GoalRow(row: P99GoalRow, maxRatio: number): GoalRow {
  const ms = (x: number | null): string => (x === null ? 'nothing delivered' : `${formatMs(x)} ms`);
  const turnRatio = (t: P99GoalRow['samples'][number]): string =>
    `${t.starterP99Ms !== null && t.rawP99Ms !== null && t.rawP99Ms > 0 ? times(t.starterP99Ms / t.rawP99Ms, maxRatio) : '–'}${t.carried === false ? ' (not carried)' : ''}`;
  const turns = row.samples.length > 1 ? `, the median of ${row.samples.length} runs in turns: ${row.samples.map(turnRatio).join(', ')}` : '';
  const ratio = row.ratio === null ? '' : ` (${times(row.ratio, maxRatio)}${turns})`;
  // The reason a row is not shown comes first: the reading quotes why[0].
  const why: string[] = [...(row.carried ? [] : [`not carried: ${row.notCarried ?? ''}`]), `at ${formatCount(row.ratePerS)} events/s × ${row.clients} clients: ${row.rateReason}`];
  if (row.carried && row.ratio === null) why.unshift('a p99 of 0 has no ratio to judge');
  if (row.othersCompeted) why.push(OTHERS_CAVEAT);
  return {
    goal: 'p99',
    line: p99Line(maxRatio),
    subject: row.subject,
    label: row.label,
    measured: `p99 ${ms(row.starterP99Ms)} vs ${ms(row.rawP99Ms)}${ratio}`,
    verdict: row.verdict,
    why,
    // Only a verdict the ratio decided can be turned over by the next run's ratio.
    margin: row.carried && row.ratio !== null ? Math.abs(row.ratio - maxRatio) / maxRatio : null,
  };
}

/**
 * p99 at the run's offered rate, starter against raw baseline: runs recorded before the p99 goal
 * had runs of its own. A side carried the rate by find-max's own test (99% delivered, p99 within
 * the SLO, counts adding up): a p99 over the SLO is a queue's, and a queue's p99 is no latency to
 * hold the starter to (the run of 2026-12-04 put the starters at 0.04x and 0.01x raw ws and the
 * bare writer that way, "met").
 */
function p99Row(run: BenchRunView, starter: Measurement, raw: Measurement): GoalRow {
  const base = { goal: 'p99' as const, line: p99Line(BASELINE_GOALS.p99Ratio), subject: starter.subject, label: starter.label };
  const p99 = (m: Measurement): string => (m.latency.count > 0 ? `${formatMs(m.latency.p99Ms)} ms` : 'nothing delivered');
  const figures = `p99 ${p99(starter)} vs ${p99(raw)}`;
  const at = `at ${formatCount(run.options.rate)} events/s × ${run.options.clients} clients: the run's own rate`;
  const cores = run.environment.cores;
  const caveats = [starter, raw].some((m) => othersCompeted(m, cores)) ? [OTHERS_CAVEAT] : [];
  const sloMs = run.options.sloMs;
  const starterFailure = sloFailure(starter, sloMs);
  const rawFailure = sloFailure(raw, sloMs);
  if (rawFailure !== undefined) {
    const starterToo = starterFailure === undefined ? '' : `, nor did the starter (${starterFailure})`;
    return { ...base, measured: figures, verdict: 'not shown', why: [`${raw.label} did not carry the rate (${rawFailure})${starterToo}: its p99 is a queue's, not a latency to hold the starter to`, at, ...caveats], margin: null };
  }
  if (starterFailure !== undefined) {
    const closed = starter.clientsSide.closedConnections > 0 ? `, ${starter.clientsSide.closedConnections} of its ${starter.clients} subscriber connections closed` : '';
    return { ...base, measured: figures, verdict: 'not met', why: [`the starter did not carry the rate (${starterFailure}${closed}), where ${raw.label} did`, at, ...caveats], margin: null };
  }
  const ratio = starter.latency.p99Ms / raw.latency.p99Ms;
  if (!Number.isFinite(ratio)) return { ...base, measured: figures, verdict: 'not shown', why: ['a p99 of 0 has no ratio to judge', at, ...caveats], margin: null };
  return {
    ...base,
    measured: `${figures} (${times(ratio, BASELINE_GOALS.p99Ratio)})`,
    verdict: ratio <= BASELINE_GOALS.p99Ratio ? 'met' : 'not met',
    why: [at, ...caveats],
    margin: Math.abs(ratio - BASELINE_GOALS.p99Ratio) / BASELINE_GOALS.p99Ratio,
  };
}

function memoryRow(run: BenchRunView, protocol: BenchProtocol): GoalRow | undefined {
  const starter = run.memory?.find((m) => m.subject === `${protocol}-starter`);
  const raw = run.memory?.find((m) => m.subject === `${protocol}-raw`);
  if (!starter || !raw) return undefined;
  const line = `server memory per idle connection (RSS) at most ${BASELINE_GOALS.memoryRatio}× the raw baseline's`;
  const base = { goal: 'memory' as const, line, subject: starter.subject, label: starter.label };
  const figures = `${formatKb(starter.rssBytesPerConnection)} vs ${formatKb(raw.rssBytesPerConnection)} KB`;
  // Several runs in turns: the row is the turn with the median starter/raw ratio (bench/harness/memory.ts pairedMedianMemory).
  const turns = starter.samples && raw.samples && starter.samples.length > 1 && starter.samples.length === raw.samples.length ? starter.samples.map((s, i) => [s.rssBytesPerConnection, raw.samples![i]!.rssBytesPerConnection] as const) : undefined;
  if (starter.rssBytesPerConnection <= 0 || raw.rssBytesPerConnection <= 0) {
    return { ...base, measured: figures, verdict: 'not shown', why: ['a slope at or below zero between 1,000 and 5,000 connections is inside the noise'], margin: null };
  }
  const ratio = starter.rssBytesPerConnection / raw.rssBytesPerConnection;
  const ofTurns = turns && turns.every(([s, r]) => s > 0 && r > 0) ? `, the median of ${turns.length} runs in turns: ${turns.map(([s, r]) => times(s / r, BASELINE_GOALS.memoryRatio)).join(', ')}` : '';
  return { ...base, measured: `${figures} (${times(ratio, BASELINE_GOALS.memoryRatio)}${ofTurns})`, verdict: ratio <= BASELINE_GOALS.memoryRatio ? 'met' : 'not met', why: [], margin: Math.abs(ratio - BASELINE_GOALS.memoryRatio) / BASELINE_GOALS.memoryRatio };
}

/** The goals against the raw baselines, per protocol the run measured, in the issue's order. */
export function baselineGoalRows(run: BenchRunView): GoalRow[] {
  const protocols = run.options.protocols;
  const rows: GoalRow[] = [];
  for (const p of protocols) {
    const starter = findMaxOf(run, `${p}-starter`);
    const raw = findMaxOf(run, `${p}-raw`);
    if (starter && raw) rows.push(maxRateRow('max-rate', `maximum sustainable rate at least ${BASELINE_GOALS.maxRateRatio}× the raw baseline's`, starter, raw, BASELINE_GOALS.maxRateRatio));
  }
  for (const p of protocols) {
    const judged = run.p99Goal?.rows.find((r) => r.protocol === p);
    const starter = runOf(run, p, 'starter');
    const raw = runOf(run, p, 'raw');
    if (judged) rows.push(p99GoalRow(judged, run.p99Goal!.maxRatio));
    else if (starter && raw) rows.push(p99Row(run, starter, raw));
  }
  for (const p of protocols) {
    const row = memoryRow(run, p);
    if (row) rows.push(row);
  }
  const wsStarter = findMaxOf(run, 'ws-starter');
  const wsRaw = findMaxOf(run, 'ws-raw');
  if (wsStarter && wsRaw) {
    rows.push(maxRateRow('ws-over-naive', `maximum sustainable rate at least ${BASELINE_GOALS.wsOverNaive}× the naive raw ws server's (client.send per client)`, wsStarter, wsRaw, BASELINE_GOALS.wsOverNaive));
  }
  return rows;
}

/** Every goal the run can show, the CPU goal first. */
export function goalRows(run: BenchRunView): GoalRow[] {
  return [...cpuGoalRows(run), ...baselineGoalRows(run)];
}

/** A figure within this fraction of its line could land on the other side in the next run. */
const NEAR_THE_LINE = 0.1;

/** The reading of the goals: sentences built from the rows, so a re-recorded run reads true. */
export function goalsReading(rows: readonly GoalRow[]): string[] {
  if (rows.length === 0) return [];
  const judged = rows.filter((r) => r.verdict !== 'not shown');
  const met = judged.filter((r) => r.verdict === 'met');
  const notMet = judged.filter((r) => r.verdict === 'not met');
  const notShown = rows.filter((r) => r.verdict === 'not shown');
  const out: string[] = [];
  out.push(`This run judges ${judged.length} of the ${rows.length} rows above: ${met.length} met, ${notMet.length} not met.`);
  if (notMet.length > 0) out.push(`Not met: ${notMet.map((r) => `${r.label}, ${r.line} (${r.measured})`).join('; ')}.`);
  if (notShown.length > 0) out.push(`Not shown: ${notShown.map((r) => `${r.label}, ${r.line}: ${r.why[0] ?? ''}`).join('; ')}.`);
  const near = judged.filter((r) => r.margin !== null && r.margin < NEAR_THE_LINE);
  if (near.length > 0) {
    out.push(
      `Within ${formatPercent(NEAR_THE_LINE)} of the line, so another run could turn them over: ${near.map((r) => `${r.label} (${goalNames[r.goal]}, ${r.verdict})`).join('; ')}.`,
    );
  }
  return out;
}
