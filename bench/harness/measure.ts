import { spawnChild, type Child } from './child-process.js';
import type { ClientReport } from './children/clients.js';
import type { PublisherReport } from './children/publisher.js';
import type { ServerSnapshot } from './children/server.js';
import { nowUs } from './clock.js';
import { mergeHistograms, summarise } from './histogram.js';
import { cpus } from 'node:os';
import { runBusy, saturation, saturationWarning, SATURATED } from './machine-load.js';
import { busyFraction, othersFraction, readMachineCpu, readOtherProcesses, readProcessCpuUs } from './proc-stats.js';
import { intendedTimeUs } from './rate-scheduler.js';
import type { Measurement } from './results.js';
import { serverWarnings } from './server-warnings.js';
import type { ServerSetup } from './servers/server-setup.js';
import type { Subject } from './subjects.js';

export interface MeasureOptions {
  root: string;
  subject: Subject;
  rate: number;
  clients: number;
  warmupS: number;
  durationS: number;
  payload: number;
  workers: number;
  sloMs: number;
  /** Distinguishes this run's events from any other's. */
  run: number;
  /** The run's redis-server, for Redis-mode subjects (`bench --redis`). */
  redis?: { url: string; connectedClients(): Promise<number> };
  /** Client workers and publisher to reuse (a process start costs seconds on a loaded machine). */
  pool?: ClientPool;
  onProgress?: (text: string) => void;
}

const START_DELAY_US = 500_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const sleepUntil = (us: number): Promise<void> => sleep((us - nowUs()) / 1000);

/**
 * CP_BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every server process into <dir> (one
 * .cpuprofile per measurement, named by subject order and pid): where a server's time goes on
 * the publish and fan-out path. Node refuses --cpu-prof in NODE_OPTIONS, hence a variable.
 */
function profileArgs(): string[] {
  const dir = process.env.CP_BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Splits `total` into `parts` counts that differ by at most one. */
export function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0)).filter((n) => n > 0);
}

/** The client side, kept between measurements: only the server process is new each time. */
export interface ClientPool {
  workers: Child[];
  publisher: Child;
}

export function startClientPool(root: string, workers: number): ClientPool {
  return { workers: Array.from({ length: workers }, () => spawnChild(root, 'clients')), publisher: spawnChild(root, 'publisher') };
}

export async function stopClientPool(pool: ClientPool): Promise<void> {
  await Promise.all([...pool.workers.map((worker) => worker.shutdown('close')), pool.publisher.shutdown('close')]);
}

export interface Mark {
  /** When the orchestrator read the server's CPU and the machine's. */
  atUs: number;
  serverCpuUs: number | undefined;
  machine: ReturnType<typeof readMachineCpu>;
  /** Every process's CPU time but this one's and its descendants' (the run's), for othersFraction(). */
  others: ReturnType<typeof readOtherProcesses>;
  /** The server's own figures, taken when it answered (late, when it is saturated). */
  server: ServerSnapshot;
}

/**
 * One subject at one offered rate: its server in one process, the subscribers spread over
 * client worker processes, the open-loop publisher in another. The server process is new every
 * time, so no run inherits another's backlog; client processes may be kept (a pool), their
 * connections are new.
 */
export async function measure(options: MeasureOptions): Promise<Measurement> {
  const { root, subject, rate, clients, warmupS, durationS, payload, run } = options;
  const progress = options.onProgress ?? (() => {});
  const pool = options.pool ?? startClientPool(root, Math.min(options.workers, clients));
  const server = spawnChild(root, 'server', ['--expose-gc', ...profileArgs()]);
  const counts = shares(clients, pool.workers.length);
  const workers = pool.workers.slice(0, counts.length);
  // The in-process subject publishes from inside the server process, with the same handlers.
  const publisher = options.subject.inProcess ? server : pool.publisher;
  try {
    const setup: ServerSetup = { root, rate, clients, payload, ...(subject.redis && options.redis ? { redisUrl: options.redis.url } : {}) };
    const started = await server.call<{ port: number; notes: string[] }>('start', { subject: subject.id, setup });
    if (subject.redis) {
      if (!options.redis) throw new Error(`${subject.label} needs the run's redis-server`);
      // A starter without a Redis mode would ignore redisUrl and measure its in-process mode
      // under the Redis label: Redis must see it connected, or the run says so.
      if ((await options.redis.connectedClients()) === 0) started.notes.push(`${subject.label}: WARNING the starter did not connect to Redis (no Redis mode?): this row is its in-process mode`);
    }
    progress(`${subject.label}: connecting ${clients} clients`);
    await Promise.all([
      ...workers.map((worker, w) => worker.call('connect', { protocol: subject.protocol, h2: subject.h2 === true, port: started.port, count: counts[w], prefix: `c${w}x`, root })),
      publisher.call('connect', { protocol: subject.protocol, h2: subject.h2 === true, port: started.port, root, batch: subject.batchPublish === true }),
    ]);

    const first = Math.round(rate * warmupS);
    const end = first + Math.max(1, Math.round(rate * durationS));
    await Promise.all(workers.map((worker) => worker.call('run', { run, first, end })));
    const runStart = await server.call<ServerSnapshot>('snapshot');
    const startUs = nowUs() + START_DELAY_US;
    await publisher.call('run', { run, startUs, rate, count: end, payload });
    const windowStartUs = intendedTimeUs(startUs, rate, first);
    const windowEndUs = intendedTimeUs(startUs, rate, end);

    const ticker = setInterval(() => {
      const t = (nowUs() - startUs) / 1e6;
      progress(`${subject.label} at ${rate}/s x ${clients}: ${t < warmupS ? 'warming up' : 'measuring'} ${t.toFixed(0)}/${warmupS + durationS} s`);
    }, 1000);
    // The server's CPU and the machine's are read here, from /proc, at the scheduled instants;
    // the server's event-loop figures come from its own snapshot, stamped by its own clock
    // (hrtime: the machine's monotonic clock, one for every process), and each worker stamps
    // its marks when it gets to them. A saturated server or worker answers seconds late (a raw
    // server's answers came 9 s late, after the window's end): reading the machine after their
    // answers, or timing the server by them, left a window of a few milliseconds, in which a
    // saturated raw server measured a quarter of a core and the machine 0.
    const workerMarks: Promise<unknown>[] = [];
    let abandoned = false;
    const mark = async (atUs: number): Promise<Mark> => {
      await sleepUntil(atUs);
      // The end's mark must not reach a pooled worker after a failed start's (its next run's marks).
      if (abandoned) throw new Error('measurement abandoned');
      const at = { atUs: nowUs(), serverCpuUs: readProcessCpuUs(server.pid), machine: readMachineCpu(), others: readOtherProcesses(process.pid) };
      for (const worker of workers) {
        const marked = worker.call('mark');
        marked.catch(() => {}); // awaited after both marks
        workerMarks.push(marked);
      }
      return { ...at, server: await server.call<ServerSnapshot>('snapshot') };
    };
    let before: Mark;
    let after: Mark;
    try {
      // Both edges are scheduled at once: the end's readings must not wait for the server's
      // answer to the start's (a saturated raw server's came 18 s after a 4 s window's end,
      // and the window ran on to it, over the drain).
      [before, after] = await Promise.all([mark(windowStartUs), mark(windowEndUs)]);
      await Promise.all(workerMarks);
    } catch (error) {
      abandoned = true;
      throw error;
    } finally {
      clearInterval(ticker);
    }
    await publisher.call<PublisherReport>('finished');

    // Stragglers: wait until every subscriber has every window event, or the drain time is up
    // (whatever is still missing then is lost, and said to be).
    progress(`${subject.label}: draining`);
    const drainUntil = nowUs() + Math.max(2_000, 2 * options.sloMs) * 1000;
    for (;;) {
      const missing = (await Promise.all(workers.map((worker) => worker.call<number>('pending')))).reduce((a, b) => a + b, 0);
      if (missing === 0 || nowUs() >= drainUntil) break;
      await sleep(100);
    }
    const runEnd = await server.call<ServerSnapshot>('snapshot');
    const reports = await Promise.all(workers.map((worker) => worker.call<ClientReport>('report')));
    const published = await publisher.call<PublisherReport>('finished');
    const serverStats = await server.call<unknown>('stats');
    const summary = summariseRun(options, started.notes, reports, published, before, after, end - first, [runStart, runEnd]);
    const { eventLoopUtilisation, cpuCores } = summary.server;
    summary.warnings.push(...serverWarnings({ eventLoopUtilisation, cpuCores, delivered: summary.delivered, expected: summary.expected, clients: summary.clients, stats: serverStats }));
    return { ...summary, serverStats };
  } finally {
    if (options.pool) {
      await Promise.allSettled([...workers.map((worker) => worker.call('disconnect')), pool.publisher.call('disconnect')]);
    } else {
      await stopClientPool(pool);
    }
    await server.shutdown('stop');
  }
}

function summariseRun(
  options: MeasureOptions,
  notes: string[],
  reports: ClientReport[],
  published: PublisherReport,
  before: Mark,
  after: Mark,
  windowEvents: number,
  [runStart, runEnd]: [ServerSnapshot, ServerSnapshot],
): Omit<Measurement, 'serverStats'> {
  const { subject, rate, clients, durationS } = options;
  const sum = (pick: (r: ClientReport) => number): number => reports.reduce((total, r) => total + pick(r), 0);
  const expected = sum((r) => r.expected);
  const delivered = sum((r) => r.delivered);
  const lost = sum((r) => r.lost);
  const histogram = mergeHistograms(reports.map((r) => r.histogram));
  const latency = summarise(histogram);
  histogram.destroy();

  // From /proc where it was read, else from the server's own snapshots over their own window.
  const procCpuUs = before.serverCpuUs !== undefined && after.serverCpuUs !== undefined ? after.serverCpuUs - before.serverCpuUs : undefined;
  const wallUs = procCpuUs !== undefined ? after.atUs - before.atUs : after.server.atUs - before.server.atUs;
  const cpuUs = procCpuUs ?? after.server.cpuUs - before.server.cpuUs;
  // Cost per delivery is taken over the whole run (warm-up, window and drain) and divided by
  // every arrival: on a loaded machine deliveries lag their intended times, and a window cut by
  // the clock would split the work from the deliveries it paid for.
  const arrivals = sum((r) => r.arrivals);
  const perArrival = (value: number): number | null => (arrivals > 0 ? Math.round((value / arrivals) * 1000) / 1000 : null);
  const runIo = runStart.io && runEnd.io ? { wchar: runEnd.io.wchar - runStart.io.wchar, syscw: runEnd.io.syscw - runStart.io.syscw } : undefined;
  const active = after.server.elu.active - before.server.elu.active;
  const idle = after.server.elu.idle - before.server.elu.idle;
  const workerLoads = reports.map((r) => (r.wallUs > 0 ? r.cpuUs / r.wallUs : 0));
  const busiestWorker = Math.max(0, ...workerLoads);
  const machineBusy = busyFraction(before.machine, after.machine);

  const warnings: string[] = [];
  const countsAddUp = delivered + lost === expected && expected === windowEvents * clients;
  if (!countsAddUp) warnings.push(`counts do not add up: delivered ${delivered} + lost ${lost} != expected ${expected} (${windowEvents} events x ${clients} clients)`);
  if (busiestWorker >= SATURATED) warnings.push(`a client worker used ${Math.round(busiestWorker * 100)}% of a core: the clients may have limited this result`);
  const load = {
    subject: subject.id,
    server: { cpuCores: wallUs > 0 ? cpuUs / wallUs : 0 },
    clientsSide: { cpuCores: workerLoads.reduce((a, b) => a + b, 0) },
    publisher: { cpuCores: published.cpuUs / ((durationS + options.warmupS) * 1e6) },
  };
  // What other processes took is read, not inferred: the machine's busy time less every process
  // outside this one's tree (server, client workers, publisher, redis-server). The run's
  // loopback packet work is done in softirqs, which a kernel without CONFIG_IRQ_TIME_ACCOUNTING
  // (this VM's) charges to the process it interrupted (the run's own) and one with it charges
  // to none: adding the machine's softirq share to the run's processes counted it twice here
  // and hid a competitor taking 14% of the machine. Where /proc cannot be read, the run's
  // processes' own figures.
  const others = othersFraction(before.others, after.others, before.machine, after.machine);
  const ownBusy = machineBusy !== null && others !== null ? Math.max(0, Math.round((machineBusy - others) * 1000) / 1000) : runBusy(load, cpus().length);
  const saturated = saturation(machineBusy, ownBusy);
  if (saturated) warnings.push(saturationWarning(saturated));
  if (published.failures > 0) warnings.push(`${published.failures} publishes were refused or failed`);
  if (published.maxLagMs > 50) warnings.push(`the publisher fell up to ${published.maxLagMs.toFixed(0)} ms behind its schedule (latency still counts from the intended time)`);
  const loopDelayP99Ms = Math.max(0, ...reports.map((r) => r.loopDelayP99Ms ?? 0));
  // A client worker at this rate mostly waits: its timers running late is the machine's
  // scheduling (other processes on the cores), and every latency measured carries that much.
  if (loopDelayP99Ms > options.sloMs / 2) {
    warnings.push(`the client workers' own event loops ran up to ${loopDelayP99Ms} ms late at p99 (the machine's scheduling, not the server): latencies here carry that much noise`);
  }
  const closed = sum((r) => r.closed);
  if (closed > 0) warnings.push(`${closed} subscriber connections closed during the run`);
  const resets = sum((r) => r.resets ?? 0);
  if (resets > 0) {
    warnings.push(`${resets} reset events reached subscribers: the server skipped events for readers that fell further behind than its replay buffer (the sse starter's bound on a slow reader), and told them; the skipped events count as lost`);
  }

  return {
    subject: subject.id,
    protocol: subject.protocol,
    kind: subject.kind,
    label: subject.label,
    offeredPerS: rate,
    clients,
    durationS,
    expected,
    delivered,
    lost,
    duplicates: sum((r) => r.duplicates),
    reordered: sum((r) => r.reordered),
    expectedPerS: rate * clients,
    deliveredPerS: Math.round(delivered / durationS),
    latency,
    countsAddUp,
    server: {
      cpuUsPerDelivery: perArrival(runEnd.cpuUs - runStart.cpuUs),
      cpuCores: load.server.cpuCores,
      eventLoopUtilisation: windowUtilisation(before, after, active + idle > 0 ? active / (active + idle) : 0),
      bytesPerDelivery: runIo ? perArrival(runIo.wchar) : null,
      writesPerDelivery: runIo ? perArrival(runIo.syscw) : null,
    },
    clientsSide: {
      workers: reports.length,
      cpuCores: load.clientsSide.cpuCores,
      busiestWorker,
      closedConnections: closed,
      resets,
      stray: sum((r) => r.stray),
      loopDelayP99Ms,
    },
    publisher: { sent: published.sent, failures: published.failures, maxLagMs: published.maxLagMs, cpuCores: load.publisher.cpuCores },
    machineBusy,
    runBusy: ownBusy,
    warnings,
    notes,
  };
}

/**
 * The server's event-loop utilisation over the scheduled window, from the utilisation between
 * its own two snapshots. A server that answered the window's first snapshot late had its loop
 * busy until then (an idle loop wakes for the message at once), so that part of the window
 * counts as busy; one that answered it after the window's end was busy all through it.
 */
export function windowUtilisation(before: Pick<Mark, 'atUs' | 'server'>, after: Pick<Mark, 'atUs'>, measured: number): number {
  const window = after.atUs - before.atUs;
  if (!(window > 0)) return measured;
  const late = Math.min(window, Math.max(0, before.server.atUs - before.atUs));
  return Math.round(((late + measured * (window - late)) / window) * 1000) / 1000;
}
