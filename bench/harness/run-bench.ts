import { compareWithBaselines, compareRedisMode, type Comparison, type RedisComparison } from './comparison.js';
import { CPU_GOAL, cpuGoalSentence, judgeCpuGoal, type CpuGoalResult } from './cpu-goal.js';
import { describeEnvironment } from './environment.js';
import { findMax } from './find-max.js';
import { measure, startClientPool, stopClientPool } from './measure.js';
import { measureMemory, medianMemory, MEMORY_REPEATS, pairedMedianMemory } from './memory.js';
import { MEMORY_COUNTS, type BenchOptions } from './options.js';
import { judgeP99Turns, P99_GOAL, p99GoalRate, p99GoalSentence, type P99GoalResult } from './p99-goal.js';
import { findRedisServer, startBenchRedis, type BenchRedis } from './redis-server.js';
import type { Environment, FindMaxResult, Measurement, MemoryResult } from './results.js';
import { subjectsFor, type Subject } from './subjects.js';

/** What `choose-protocol bench --json` prints. */
export interface BenchResult {
  environment: Environment;
  options: BenchOptions;
  /** Every subject at the offered rate. */
  runs: Measurement[];
  findMax: FindMaxResult[] | null;
  /** --find-max: the websocket and sse starters at the CPU goal's point (5,000 events/s x 100); null without it. */
  cpuGoal: CpuGoalResult | null;
  /** --find-max: each starter's p99 against its raw baseline's at a rate both sustained; null without it. */
  p99Goal: P99GoalResult | null;
  memory: MemoryResult[] | null;
  comparisons: Comparison[];
  /** --redis: each starter's Redis mode against its in-process mode, same run; null without it. */
  redisComparisons: RedisComparison[] | null;
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

/**
 * Client worker processes for the run: no more than it has subscribers, counting the CPU goal's
 * 100 under --find-max (sized by --clients alone, `--clients 1 --find-max` put those 100 on one
 * worker, which then saturated and measured itself).
 */
export function poolWorkers(options: Pick<BenchOptions, 'workers' | 'clients' | 'findMax' | 'protocols'>): number {
  const goal = options.findMax && options.protocols.some((p) => p === 'ws' || p === 'sse') ? CPU_GOAL.clients : 0;
  return Math.min(options.workers, Math.max(options.clients, goal));
}

/** Runs everything the options ask for, one subject at a time (the cores are shared). */
export async function runBench(options: BenchOptions, io: BenchIo): Promise<BenchResult> {
  const environment = describeEnvironment(io.root, io.command, options.protocols);
  const subjects = subjectsFor(options.protocols, { redis: options.redis, sseH2: options.sseH2 });
  let redis: BenchRedis | undefined;
  if (options.redis) {
    const binary = findRedisServer();
    if (binary === undefined) throw new Error('--redis needs redis-server (apt-get install redis-server, or set REDIS_SERVER)');
    redis = await startBenchRedis(binary);
  }
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
    ...(redis ? { redis } : {}),
  };
  const runs: Measurement[] = [];
  let maxima: FindMaxResult[] | null = null;
  let cpuGoal: CpuGoalResult | null = null;
  let p99Goal: P99GoalResult | null = null;
  const pool = startClientPool(io.root, poolWorkers(options));
  try {
    for (const subject of subjects) runs.push(await measure({ ...common, pool, subject, rate: options.rate, run: ++run }));
    if (options.findMax) {
      maxima = [];
      for (const subject of subjects) {
        maxima.push(await findMax({ ...common, pool, subject, startRate: FIND_MAX_START, maxSteps: FIND_MAX_STEPS, nextRun: () => ++run }));
      }
      const goalSubjects = subjects.filter((s) => CPU_GOAL.subjects.includes(s.id));
      if (goalSubjects.length > 0) {
        const goalRuns: Measurement[] = [];
        // In turns (each subject once, then again), so a slow spell of the machine falls on every subject alike.
        for (let repeat = 0; repeat < CPU_GOAL.repeats; repeat += 1) {
          for (const subject of goalSubjects) {
            goalRuns.push(await measure({ ...common, clients: CPU_GOAL.clients, pool, subject, rate: CPU_GOAL.ratePerS, run: ++run }));
          }
        }
        cpuGoal = judgeCpuGoal(goalRuns, environment.cores, options.sloMs);
      }
      const { progress } = io;
      p99Goal = await measureP99Goal(maxima, subjects, options, environment.cores, (subject, rate, suffix) =>
        measure({ ...common, ...(progress ? { onProgress: (text: string) => progress(`${text}${suffix}`) } : {}), pool, subject, rate, run: ++run }),
      );
    }
  } finally {
    await stopClientPool(pool);
    await redis?.stop();
  }
  let memory: MemoryResult[] | null = null;
  if (options.memory) {
    // The batch, in-process and Redis subjects are the same servers as the starters: idle connections cost the same.
    const memorySubjects = subjects.filter((s) => !s.sameServerAsStarter && !s.redis);
    const memoryRuns = new Map(memorySubjects.map((s) => [s.id, [] as MemoryResult[]]));
    const { progress } = io;
    // In turns (each subject once, then again), so a spell of the machine falls on every subject alike.
    for (let repeat = 0; repeat < MEMORY_REPEATS; repeat += 1) {
      for (const subject of memorySubjects) {
        const onProgress = progress && ((text: string) => progress(`${text}, run ${repeat + 1} of ${MEMORY_REPEATS}`));
        memoryRuns.get(subject.id)!.push(
          await measureMemory({ root: io.root, subject, counts: MEMORY_COUNTS, workers: Math.max(4, options.workers), payload: options.payload, ...(onProgress ? { onProgress } : {}) }),
        );
      }
    }
    // A starter and its raw baseline: both rows from the turn with the median ratio, so the ratio compares runs of one turn.
    const rows = new Map<string, MemoryResult>();
    for (const starter of memorySubjects.filter((s) => s.kind === 'starter')) {
      const raw = memorySubjects.find((s) => s.id === starter.id.replace('-starter', '-raw'));
      if (!raw) continue;
      const [starterRow, rawRow] = pairedMedianMemory(memoryRuns.get(starter.id)!, memoryRuns.get(raw.id)!);
      rows.set(starter.id, starterRow).set(raw.id, rawRow);
    }
    memory = memorySubjects.map((s) => rows.get(s.id) ?? medianMemory(memoryRuns.get(s.id)!));
  }
  const { loadAverage } = describeEnvironment(io.root, io.command);
  const comparisons = compareWithBaselines(options.protocols, runs, maxima ?? undefined, memory ?? undefined, environment.cores, p99Goal);
  for (const row of cpuGoal?.rows ?? []) comparisons.find((c) => row.subject.startsWith(`${c.protocol}-`))?.reading.push(cpuGoalSentence(row, cpuGoal!));
  for (const row of p99Goal?.rows ?? []) comparisons.find((c) => c.protocol === row.protocol)?.reading.push(p99GoalSentence(row));
  return {
    environment,
    options,
    runs,
    findMax: maxima,
    cpuGoal,
    p99Goal,
    memory,
    comparisons,
    redisComparisons: options.redis ? compareRedisMode(options.protocols, runs, maxima ?? undefined) : null,
    loadAverageAfter: loadAverage,
  };
}

/**
 * The p99 goal's runs: per protocol, the starter and its raw baseline at a rate both sustained
 * under --find-max (p99-goal.ts says which and why), P99_GOAL.repeats turns, the order of each
 * turn alternating (starter then raw, raw then starter, ...) so that neither always runs first,
 * right after the heavier work before it.
 */
async function measureP99Goal(
  maxima: readonly FindMaxResult[],
  subjects: readonly Subject[],
  options: BenchOptions,
  cores: number,
  measureAt: (subject: Subject, rate: number, progressSuffix: string) => Promise<Measurement>,
): Promise<P99GoalResult> {
  const runs: Measurement[] = [];
  const rows: P99GoalResult['rows'] = [];
  for (const protocol of options.protocols) {
    const starter = subjects.find((s) => s.id === `${protocol}-starter`);
    const raw = subjects.find((s) => s.id === `${protocol}-raw`);
    const starterMax = maxima.find((f) => f.subject === starter?.id);
    const rawMax = maxima.find((f) => f.subject === raw?.id);
    if (!starter || !raw || !starterMax || !rawMax) continue;
    const at = p99GoalRate(starterMax, rawMax, options.rate);
    if (!at) continue;
    const turns: [number, number][] = [];
    for (let turn = 0; turn < P99_GOAL.repeats; turn += 1) {
      const suffix = `, p99 goal turn ${turn + 1} of ${P99_GOAL.repeats}`;
      const index = new Map<Subject, number>();
      for (const subject of turn % 2 === 0 ? [starter, raw] : [raw, starter]) {
        runs.push(await measureAt(subject, at.ratePerS, suffix));
        index.set(subject, runs.length - 1);
      }
      turns.push([index.get(starter)!, index.get(raw)!]);
    }
    rows.push(judgeP99Turns(runs, turns, { ratePerS: at.ratePerS, clients: options.clients, rateReason: at.reason }, cores, options.sloMs));
  }
  return { maxRatio: P99_GOAL.maxRatio, rows, runs };
}
