import { compareWithBaselines, type Comparison } from './comparison.js';
import { describeEnvironment } from './environment.js';
import { findMax } from './find-max.js';
import { measure, startClientPool, stopClientPool } from './measure.js';
import { measureMemory } from './memory.js';
import { MEMORY_COUNTS, type BenchOptions } from './options.js';
import type { Environment, FindMaxResult, Measurement, MemoryResult } from './results.js';
import { subjectsFor } from './subjects.js';

/** What `choose-protocol bench --json` prints. */
export interface BenchResult {
  environment: Environment;
  options: BenchOptions;
  /** Every subject at the offered rate. */
  runs: Measurement[];
  findMax: FindMaxResult[] | null;
  memory: MemoryResult[] | null;
  comparisons: Comparison[];
  /** The machine's load average after the run (before it is in environment). */
  loadAverageAfter: number[];
}

export interface BenchIo {
  root: string;
  command: string;
  progress?: (text: string) => void;
}

/** The first offered rate --find-max tries, events/s. */
const FIND_MAX_START = 100;
const FIND_MAX_STEPS = 9;

/** Runs everything the options ask for, one subject at a time (the cores are shared). */
export async function runBench(options: BenchOptions, io: BenchIo): Promise<BenchResult> {
  const environment = describeEnvironment(io.root, io.command);
  const subjects = subjectsFor(options.protocols, options.sseH2);
  let run = 0;
  const common = {
    root: io.root,
    clients: options.clients,
    warmupS: options.warmupS,
    durationS: options.durationS,
    payload: options.payload,
    workers: options.workers,
    sloMs: options.sloMs,
    ...(io.progress ? { onProgress: io.progress } : {}),
  };
  const runs: Measurement[] = [];
  let maxima: FindMaxResult[] | null = null;
  const pool = startClientPool(io.root, Math.min(options.workers, options.clients));
  try {
    for (const subject of subjects) runs.push(await measure({ ...common, pool, subject, rate: options.rate, run: ++run }));
    if (options.findMax) {
      maxima = [];
      for (const subject of subjects) {
        maxima.push(await findMax({ ...common, pool, subject, startRate: FIND_MAX_START, maxSteps: FIND_MAX_STEPS, nextRun: () => ++run }));
      }
    }
  } finally {
    await stopClientPool(pool);
  }
  let memory: MemoryResult[] | null = null;
  if (options.memory) {
    memory = [];
    // The in-process subject is the same server as the sse starter: its connections cost the same.
    for (const subject of subjects.filter((s) => !s.inProcess)) {
      memory.push(
        await measureMemory({ root: io.root, subject, counts: MEMORY_COUNTS, workers: Math.max(4, options.workers), payload: options.payload, ...(io.progress ? { onProgress: io.progress } : {}) }),
      );
    }
  }
  const { loadAverage } = describeEnvironment(io.root, io.command);
  return {
    environment,
    options,
    runs,
    findMax: maxima,
    memory,
    comparisons: compareWithBaselines(options.protocols, runs, maxima ?? undefined, memory ?? undefined),
    loadAverageAfter: loadAverage,
  };
}
