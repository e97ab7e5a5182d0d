import { spawnChild, type Child } from './child-process.js';
import type { ServerMemory } from './children/server.js';
import { shares } from './measure.js';
import type { MemoryResult } from './results.js';
import type { Subject } from './subjects.js';

export interface MemoryOptions {
  root: string;
  subject: Subject;
  /** Idle connections at the two measuring points. */
  counts: [number, number];
  workers: number;
  payload: number;
  onProgress?: (text: string) => void;
}

const SETTLE_MS = 1_000;

/**
 * Runs per subject, in turns (every subject once, then again), a starter and its raw baseline
 * judged on the turn with the median RSS ratio (pairedMedianMemory). Why: the RSS slope is the
 * allocator's pages, not only what a connection keeps, and moved from run to run with no change
 * in code: four full records of the same code put the websocket starter at 1.28, 1.03, 1.10 and
 * 1.37x raw ws while its heap slope was 1.00x in every one, so one run decided the 1.2x goal
 * either way.
 */
export const MEMORY_REPEATS = 3;

/**
 * V8 flags for the measured server, the same for every subject. Why: V8 grows the young
 * generation (new space) with the allocation rate, and opening thousands of connections at once
 * doubled it (16.8 -> 33.6 MB, in starter and raw server alike) at a point that differed from
 * run to run, so the RSS slope swung by +-2.5 KB per connection with no change in what a
 * connection keeps. With the semi-spaces fixed at V8's usual 64-bit maximum (16 MB) from the
 * start, the young generation is the same size at both points and drops out of the slope.
 */
export const MEMORY_SERVER_FLAGS = ['--expose-gc', '--min-semi-space-size=16', '--max-semi-space-size=16'] as const;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Server memory per idle connection: the slope of heap and RSS between two counts of idle
 * subscribers, each read after a full collection. A slope, not a quotient, so the server's
 * fixed cost (code, buffers, the runtime) drops out.
 */
export async function measureMemory(options: MemoryOptions): Promise<MemoryResult> {
  const { root, subject, counts } = options;
  const children: { child: Child; stop: string }[] = [];
  try {
    const server = spawnChild(root, 'server', MEMORY_SERVER_FLAGS);
    children.push({ child: server, stop: 'stop' });
    const { port } = await server.call<{ port: number }>('start', { subject: subject.id, setup: { root, rate: 1, clients: counts[1], payload: options.payload } });
    const workers = Array.from({ length: options.workers }, () => spawnChild(root, 'clients'));
    workers.forEach((child) => children.push({ child, stop: 'close' }));
    const open = async (total: number, tag: string): Promise<void> => {
      options.onProgress?.(`${subject.label}: opening idle connections (${tag})`);
      const parts = shares(total, workers.length);
      await Promise.all(parts.map((count, w) => workers[w]!.call('connect', { protocol: subject.protocol, h2: subject.h2 === true, port, count, prefix: `m${w}${tag}`, root })));
      await sleep(SETTLE_MS);
    };
    await open(counts[0], 'a');
    const low = await server.call<ServerMemory>('memory');
    await open(counts[1] - counts[0], 'b');
    const high = await server.call<ServerMemory>('memory');
    const added = counts[1] - counts[0];
    return {
      subject: subject.id,
      label: subject.label,
      counts,
      heapBytes: [low.heapUsed, high.heapUsed],
      rssBytes: [low.rss, high.rss],
      heapBytesPerConnection: Math.round((high.heapUsed - low.heapUsed) / added),
      rssBytesPerConnection: Math.round((high.rss - low.rss) / added),
      externalBytesPerConnection: Math.round((high.external - low.external) / added),
    };
  } finally {
    await Promise.all(children.reverse().map(({ child, stop }) => child.shutdown(stop, 10_000)));
  }
}

/**
 * One subject's runs as one row: the run with the median RSS slope (of an even count, the higher),
 * whole, so its heap, RSS and external figures come from the same run, with every run's slopes in
 * `samples`. For a subject with no baseline to be compared with; a starter and its raw baseline
 * go through pairedMedianMemory.
 */
export function medianMemory(runs: readonly MemoryResult[]): MemoryResult {
  if (runs.length === 0) throw new Error('medianMemory needs at least one run');
  if (runs.length === 1) return runs[0]!;
  const sorted = [...runs].sort((a, b) => a.rssBytesPerConnection - b.rssBytesPerConnection);
  return withSamples(sorted[Math.floor(sorted.length / 2)]!, runs);
}

/**
 * A starter's and its raw baseline's runs (run i of each in the same turn) as two rows from one
 * turn: the turn with the median starter/raw RSS ratio (of an even count, the higher: the cautious
 * one for a "within 1.2x" goal). Why paired: the runs go in turns so that a spell of the machine
 * falls on both alike, which only helps if the ratio compares runs of the same turn; two medians
 * taken apart can come from different turns, and the higher of an even count is the lenient one
 * for the baseline, the divisor. With a slope at or below zero in some turn (inside the noise, no
 * ratio to rank) each side is its own median.
 */
export function pairedMedianMemory(starterRuns: readonly MemoryResult[], rawRuns: readonly MemoryResult[]): [MemoryResult, MemoryResult] {
  if (starterRuns.length !== rawRuns.length) throw new Error('pairedMedianMemory needs as many runs of each');
  const turns = starterRuns.map((starter, turn) => ({ turn, starter: starter.rssBytesPerConnection, raw: rawRuns[turn]!.rssBytesPerConnection }));
  if (turns.length <= 1 || turns.some((t) => t.starter <= 0 || t.raw <= 0)) return [medianMemory(starterRuns), medianMemory(rawRuns)];
  const sorted = [...turns].sort((a, b) => a.starter / a.raw - b.starter / b.raw);
  const { turn } = sorted[Math.floor(sorted.length / 2)]!;
  return [withSamples(starterRuns[turn]!, starterRuns), withSamples(rawRuns[turn]!, rawRuns)];
}

function withSamples(row: MemoryResult, runs: readonly MemoryResult[]): MemoryResult {
  return { ...row, samples: runs.map((r) => ({ rssBytesPerConnection: r.rssBytesPerConnection, heapBytesPerConnection: r.heapBytesPerConnection })) };
}
