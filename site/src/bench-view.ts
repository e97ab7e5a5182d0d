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
