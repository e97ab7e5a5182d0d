/**
 * The committed benchmark run (bench/results/latest.json, written by `npm run bench:record`),
 * read at build time. Absent when no run is committed: the Compare page then shows the
 * article's claims alone. Only the fields the page reads are typed here; the whole shape is
 * schemas/bench.schema.json.
 */
import type { SummaryProtocolId } from '../../src/catalogue/corrections.js';

export type BenchProtocol = 'ws' | 'sse' | 'grpc';

export interface LatencyView {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export interface RunView {
  subject: string;
  protocol: BenchProtocol;
  kind: 'starter' | 'raw';
  label: string;
  offeredPerS: number;
  clients: number;
  deliveredPerS: number;
  expectedPerS: number;
  lost: number;
  latency: LatencyView;
  server: { cpuUsPerDelivery: number | null; bytesPerDelivery: number | null; cpuCores: number };
  machineBusy: number | null;
  warnings: string[];
}

export interface BenchRunView {
  environment: { date: string; command: string; node: string; cpuModel: string; cores: number; loadAverage: number[]; libraries: Record<string, string> };
  options: { clients: number; rate: number; durationS: number; warmupS: number; payload: number; sloMs: number };
  runs: RunView[];
  findMax: { subject: string; label: string; maxDeliveriesPerS: number; p99Ms: number | null }[] | null;
  memory: { subject: string; label: string; heapBytesPerConnection: number; rssBytesPerConnection: number }[] | null;
  comparisons: { protocol: BenchProtocol; maxRateRatio: number | null; p99Ratio: number | null; cpuPerDeliveryRatio: number | null; memoryRatio: number | null }[];
  loadAverageAfter: number[];
}

const found = import.meta.glob<BenchRunView>('../../bench/results/latest.json', { eager: true, import: 'default' });

/** The committed run, or undefined when there is none. */
export const benchRun: BenchRunView | undefined = Object.values(found)[0];

/** The article's column for each measured protocol. */
export const summaryIdOf: Record<BenchProtocol, SummaryProtocolId> = { ws: 'websocket', sse: 'sse', grpc: 'grpc' };
export const benchProtocolOf: Record<SummaryProtocolId, BenchProtocol> = { websocket: 'ws', sse: 'sse', grpc: 'grpc' };

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');
export const formatMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const formatKb = (bytes: number): string => (bytes / 1024).toFixed(1);

/** The starter's (or raw baseline's) measurement of one protocol at the run's offered rate (its default transport). */
export function runOf(run: BenchRunView, protocol: BenchProtocol, kind: 'starter' | 'raw'): RunView | undefined {
  return run.runs.find((m) => m.subject === `${protocol}-${kind}`);
}

export function maxOf(run: BenchRunView, subject: string): number | undefined {
  return run.findMax?.find((f) => f.subject === subject)?.maxDeliveriesPerS;
}

export function memoryOf(run: BenchRunView, subject: string): number | undefined {
  return run.memory?.find((m) => m.subject === subject)?.rssBytesPerConnection;
}

/** True when any measurement says the machine or a client worker saturated. */
export function saturated(run: BenchRunView): boolean {
  return run.runs.some((m) => (m.machineBusy ?? 0) >= 0.9 || m.warnings.some((w) => w.includes('client worker')));
}
