import { runBusy, saturation, type Saturation } from './machine-load.js';
import type { P99GoalResult } from './p99-goal.js';
import type { FindMaxResult, Measurement, MemoryResult } from './results.js';
import type { Protocol } from './subjects.js';

/** A starter beside its raw baseline, from the same run on the same machine. */
export interface Comparison {
  protocol: Protocol;
  /** Starter / raw, maximum sustainable deliveries/s (--find-max); null without it. */
  maxRateRatio: number | null;
  /** Starter / raw, p99 at the same offered rate: with --find-max, the p99 goal's (a rate both sustained), else the default run's. */
  p99Ratio: number | null;
  /** The offered events/s p99Ratio was measured at (the p99 goal's rate, or the run's own); null with no ratio. */
  p99RatePerS: number | null;
  /** Starter / raw, server CPU per delivery at the same offered rate. */
  cpuPerDeliveryRatio: number | null;
  /** Starter / raw, RSS per idle connection (--memory); null without it. */
  memoryRatio: number | null;
  /** Why the starter differs, where it does by more than 10%. */
  reading: string[];
}

const why: Record<Protocol, { ahead: string; behind: string }> = {
  ws: {
    ahead: 'the websocket starter frames each broadcast once and writes the same bytes to every socket, one write per socket per tick, and under load at most one per writeBatchMs (5 ms); the raw server encodes and frames the string again in every client.send()',
    behind: 'the websocket starter falls short of raw ws here: look at its writes and CPU per delivery',
  },
  sse: {
    ahead: "the sse starter encodes each event once and joins each I/O turn's events into one shared Buffer that every up-to-date stream takes in one write, and under load at most one write per writeBatchMs (5 ms); the bare writer writes every event to every response on its own",
    behind: "the sse starter's POST /publish path costs more than the bare writer's: it authenticates, validates, assigns ids and answers every request, one event each; the batch row (several events per request) shows what a busy publisher gains",
  },
  grpc: {
    ahead: 'the grpc starter encodes each TradeChat message once and hands the same Buffer to every call; the raw server serialises per participant',
    behind: 'the grpc starter falls short of raw grpc-js here; it also drops participants whose backlog reaches chatBacklog (64), which a burst on a loaded machine can trigger',
  },
};

const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100;

/** A starter's Redis mode beside its in-process mode, from the same run: the extra hop's cost. */
export interface RedisComparison {
  protocol: Protocol;
  /** Redis / in-process, median latency at the same offered rate. */
  p50Ratio: number | null;
  /** Redis / in-process, p99 at the same offered rate. */
  p99Ratio: number | null;
  /** Redis / in-process, server CPU per delivery (the starter's process; Redis's own CPU is not counted). */
  cpuPerDeliveryRatio: number | null;
  /** Redis / in-process, maximum sustainable deliveries/s (--find-max); null without it. */
  maxRateRatio: number | null;
  /** The two medians, ms, so the ratio has its scale. */
  p50Ms: { inProcess: number; redis: number } | null;
}

export function compareRedisMode(protocols: readonly Protocol[], runs: readonly Measurement[], findMax: readonly FindMaxResult[] | undefined): RedisComparison[] {
  return protocols
    .filter((protocol) => protocol !== 'grpc')
    .map((protocol) => {
      const local = runs.find((m) => m.subject === `${protocol}-starter`);
      const redis = runs.find((m) => m.subject === `${protocol}-starter-redis`);
      const both = local?.latency.count && redis?.latency.count ? { local, redis } : undefined;
      const maxOf = (id: string): number | undefined => findMax?.find((f) => f.subject === id)?.maxDeliveriesPerS;
      return {
        protocol,
        p50Ratio: both ? ratio(both.redis.latency.p50Ms, both.local.latency.p50Ms) : null,
        p99Ratio: both ? ratio(both.redis.latency.p99Ms, both.local.latency.p99Ms) : null,
        cpuPerDeliveryRatio: ratio(redis?.server.cpuUsPerDelivery, local?.server.cpuUsPerDelivery),
        maxRateRatio: ratio(maxOf(`${protocol}-starter-redis`), maxOf(`${protocol}-starter`)),
        p50Ms: both ? { inProcess: both.local.latency.p50Ms, redis: both.redis.latency.p50Ms } : null,
      };
    });
}

export function compareWithBaselines(
  protocols: readonly Protocol[],
  runs: readonly Measurement[],
  findMax: readonly FindMaxResult[] | undefined,
  memory: readonly MemoryResult[] | undefined,
  /** The machine's cores (environment.cores): to tell the run's own load from other processes'. */
  cores: number,
  p99Goal?: Pick<P99GoalResult, 'rows'> | null,
): Comparison[] {
  return protocols.map((protocol) => {
    const starter = runs.find((m) => m.subject === `${protocol}-starter`);
    const raw = runs.find((m) => m.subject === `${protocol}-raw`);
    const maxOf = (id: string): number | undefined => findMax?.find((f) => f.subject === id)?.maxDeliveriesPerS;
    const memOf = (id: string): number | undefined => memory?.find((f) => f.subject === id)?.rssBytesPerConnection;
    const goalRow = p99Goal?.rows.find((r) => r.protocol === protocol);
    // A server that delivered nothing has no p99 to compare.
    const defaultRatio = starter?.latency.count && raw?.latency.count ? ratio(starter.latency.p99Ms, raw.latency.p99Ms) : null;
    // A goal row whose turns were not carried compares a queue: no ratio.
    const p99Ratio = goalRow ? (goalRow.ratio === null || !goalRow.carried ? null : Math.round(goalRow.ratio * 100) / 100) : defaultRatio;
    const comparison: Comparison = {
      protocol,
      maxRateRatio: ratio(maxOf(`${protocol}-starter`), maxOf(`${protocol}-raw`)),
      p99Ratio,
      p99RatePerS: p99Ratio === null ? null : (goalRow?.ratePerS ?? starter?.offeredPerS ?? null),
      cpuPerDeliveryRatio: ratio(starter?.server.cpuUsPerDelivery, raw?.server.cpuUsPerDelivery),
      memoryRatio: ratio(memOf(`${protocol}-starter`), memOf(`${protocol}-raw`)),
      reading: [],
    };
    // Only the maximum sustainable rate is a verdict; at one modest rate the ratios are noise.
    const headline = comparison.maxRateRatio;
    if (headline !== null && headline > 1.1) comparison.reading.push(why[protocol].ahead);
    if (headline !== null && headline < 0.9) comparison.reading.push(why[protocol].behind);
    const batch = ratio(maxOf(`${protocol}-starter-batch`), maxOf(`${protocol}-raw`));
    if (batch !== null) comparison.reading.push(`with batch POST /publish (the events due in one tick in one request) the sse starter carries ${batch}x the raw writer's maximum`);
    const saturated = runs
      .filter((m) => m.protocol === protocol)
      .map((m) => ({ m, s: saturation(m.machineBusy, m.runBusy ?? runBusy(m, cores)) }))
      .filter((x): x is { m: Measurement; s: Saturation } => x.s !== undefined);
    const others = saturated.filter((x) => x.s.kind === 'others');
    const own = saturated.filter((x) => x.s.kind === 'run');
    const pct = (x: number): string => `${Math.round(x * 100)}%`;
    if (others.length > 0) {
      const worst = Math.max(...others.map((x) => (x.s.kind === 'others' ? x.s.others : 0)));
      comparison.reading.push(
        `other processes competed with ${others.map((x) => x.m.label).join(' and ')} for the cores (up to ${pct(worst)} of the machine besides this run): rerun on a quiet machine before trusting these ratios`,
      );
    }
    if (own.length > 0) {
      comparison.reading.push(
        `${own.map((x) => x.m.label).join(' and ')} used every core ${own.length > 1 ? 'themselves' : 'itself'} (server, clients and publisher, ${own.map((x) => pct(x.s.run)).join(' and ')} of the machine): the run, not another process, saturated the machine, so the server had only what its clients left it`,
      );
    }
    return comparison;
  });
}
