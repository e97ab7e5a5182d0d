/**
 * The shape of a committed benchmark run (bench/results/latest.json) as the site reads it: the
 * harness's own types (bench/harness), so a field the harness renames or adds is seen here.
 * Apart from bench-run.ts (which reads the file through Vite) so that the goals and the
 * saturation reading can be tested with plain Node.
 */
import type { Comparison } from '../../bench/harness/comparison.js';
import type { CpuGoalResult } from '../../bench/harness/cpu-goal.js';
import type { BenchOptions } from '../../bench/harness/options.js';
import type { P99GoalResult } from '../../bench/harness/p99-goal.js';
import type { Environment, FindMaxResult, Measurement, MemoryResult } from '../../bench/harness/results.js';

export type BenchProtocol = Measurement['protocol'];
export type RunView = Measurement;

export interface BenchRunView {
  environment: Environment;
  options: BenchOptions;
  runs: Measurement[];
  findMax: FindMaxResult[] | null;
  /** Absent in runs recorded before the harness measured the CPU goal. */
  cpuGoal?: CpuGoalResult | null;
  /** Absent in runs recorded before the harness measured the p99 goal at a rate both servers sustained. */
  p99Goal?: P99GoalResult | null;
  memory: MemoryResult[] | null;
  comparisons: Comparison[];
  loadAverageAfter: number[];
}

export const protocolNames: Record<BenchProtocol, string> = { ws: 'WebSocket', sse: 'SSE', grpc: 'gRPC' };

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');
export const formatMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const formatKb = (bytes: number): string => (bytes / 1024).toFixed(1);
export const formatPercent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/** The starter's (or raw baseline's) measurement of one protocol at the run's offered rate (its default transport). */
export function runOf(run: BenchRunView, protocol: BenchProtocol, kind: 'starter' | 'raw'): RunView | undefined {
  return run.runs.find((m) => m.subject === `${protocol}-${kind}`);
}

export function findMaxOf(run: BenchRunView, subject: string): FindMaxResult | undefined {
  return run.findMax?.find((f) => f.subject === subject);
}

export function maxOf(run: BenchRunView, subject: string): number | undefined {
  return findMaxOf(run, subject)?.maxDeliveriesPerS;
}

export function memoryOf(run: BenchRunView, subject: string): number | undefined {
  return run.memory?.find((m) => m.subject === subject)?.rssBytesPerConnection;
}

/**
 * Why a measurement did not carry its offered rate (under 99% of the expected deliveries), in a
 * phrase built from the run's own figures; undefined when it carried it. Without it a row reads
 * "nothing delivered" and a reader concludes the server is broken, where it was over its
 * maximum on this machine (the gRPC starter at 1,000 events/s x 100 sheds every subscriber with
 * RESOURCE_EXHAUSTED instead of queueing without bound).
 */
export function shortfall(run: BenchRunView, m: RunView): string | undefined {
  if (m.expectedPerS <= 0 || m.deliveredPerS >= 0.99 * m.expectedPerS) return undefined;
  const max = maxOf(run, m.subject);
  const over =
    max !== undefined && max < m.expectedPerS
      ? `${formatCount(m.expectedPerS)} deliveries/s is over its maximum on this machine (${formatCount(max)}/s)`
      : `it delivered ${formatPercent(m.deliveredPerS / m.expectedPerS)} of ${formatCount(m.expectedPerS)} deliveries/s`;
  const closed = m.clientsSide.closedConnections;
  const shed = closed > 0 ? `; it closed ${closed === m.clients ? 'every one' : `${closed}`} of its ${m.clients} subscriber connections rather than queue` : '';
  return `${over}${shed}`;
}

/** The p99 goal's row for a protocol: its latency at a rate starter and baseline both sustained. */
export function p99GoalOf(run: BenchRunView, protocol: BenchProtocol): NonNullable<BenchRunView['p99Goal']>['rows'][number] | undefined {
  return run.p99Goal?.rows.find((row) => row.protocol === protocol);
}
