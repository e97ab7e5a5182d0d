import { cpuGoalSentence } from './cpu-goal.js';
import { P99_GOAL } from './p99-goal.js';
import type { BenchResult } from './run-bench.js';
import { protocolLabels } from './subjects.js';

/** Columns padded to their widest cell; the first column left-aligned, numbers right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

const num = (n: number | null | undefined, digits = 0): string => (n === null || n === undefined ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const pct = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : `${Math.round(n * 100)}%`);
const times = (n: number | null): string => (n === null ? '-' : `${n.toFixed(2)}x`);

/** The report a person reads: what was run, the tables, the comparisons and every warning. */
/** Deliveries a second under which the report says CPU per delivery is mostly fixed cost. */
const LOW_DELIVERIES_PER_S = 50_000;

export function renderReport(result: BenchResult): string {
  const { environment: env, options } = result;
  const out: string[] = [];
  out.push(`choose-protocol bench, ${env.date}`);
  out.push(`  ${env.command}`);
  out.push(`  ${env.cpuModel}, ${env.cores} cores, ${env.memoryGb} GB; ${env.platform}; Node ${env.node}; load average ${env.loadAverage.join(' ')} before, ${result.loadAverageAfter.join(' ')} after`);
  out.push(`  ${Object.entries(env.libraries).map(([name, version]) => `${name} ${version}`).join(', ')}`);
  out.push(`  ${options.clients} clients, ${options.rate} events/s offered, ${options.payload}-byte payload, ${options.warmupS}s warm-up then ${options.durationS}s measured`);
  out.push('');
  out.push('Deliveries (latency from the intended send time, ms)');
  out.push(
    ...textTable(
      ['', 'offered/s', 'expected/s', 'delivered/s', 'lost', 'dup', 'reord', 'p50', 'p90', 'p99', 'p99.9', 'max', 'check'],
      result.runs.map((m) => [
        m.label,
        num(m.offeredPerS),
        num(m.expectedPerS),
        num(m.deliveredPerS),
        num(m.lost),
        num(m.duplicates),
        num(m.reordered),
        // Nothing delivered has no latency: the histogram's zeros are not 0 ms.
        ...[m.latency.p50Ms, m.latency.p90Ms, m.latency.p99Ms, m.latency.p999Ms, m.latency.maxMs].map((ms) => (m.latency.count > 0 ? num(ms, 1) : '-')),
        m.countsAddUp ? 'ok' : 'MISMATCH',
      ]),
    ).map((l) => `  ${l}`),
  );
  out.push('');
  out.push('Cost (server process; per delivery over the whole run; bytes and writes as passed to write()/writev(); CPU and loop utilisation in the window)');
  out.push(
    ...textTable(
      ['', 'CPU us/delivery', 'server CPU', 'loop util', 'bytes/msg', 'writes/msg', 'client CPU', 'machine busy'],
      result.runs.map((m) => [
        m.label,
        num(m.server.cpuUsPerDelivery, 2),
        pct(m.server.cpuCores),
        pct(m.server.eventLoopUtilisation),
        num(m.server.bytesPerDelivery, 0),
        num(m.server.writesPerDelivery, 3),
        `${pct(m.clientsSide.cpuCores)} (${m.clientsSide.workers} workers)`,
        pct(m.machineBusy),
      ]),
    ).map((l) => `  ${l}`),
  );
  // At a low rate the fixed work of a second (timers, heartbeats, the loop itself) is shared
  // by few deliveries: a newcomer read 54 µs at 200 x 10 against the 1 µs goal in --help.
  if (options.rate * options.clients < LOW_DELIVERIES_PER_S) {
    out.push(
      `  At ${num(options.rate * options.clients)} deliveries/s a server's fixed work (timers, heartbeats, the event loop itself) is shared by few deliveries, so CPU per delivery reads high and falls as the rate rises; issue 16's goal of 1 µs is read at 5,000 events/s x 100 clients (--find-max measures it).`,
    );
  }
  if (result.findMax) {
    out.push('');
    out.push(`Maximum sustainable deliveries/s (delivered >= 99% of offered and p99 <= ${options.sloMs} ms)`);
    out.push(
      ...textTable(
        ['', 'max delivered/s', 'p99 there', 'steps (offered/s: delivered/s, p99)'],
        result.findMax.map((f) => [
          f.label,
          num(f.maxDeliveriesPerS),
          f.p99Ms === null ? '-' : `${num(f.p99Ms, 1)} ms`,
          f.steps.map((s) => `${s.offeredPerS}: ${num(s.deliveredPerS)} ${s.deliveredPerS > 0 ? `${num(s.p99Ms, 0)}ms` : '-'}${s.passed ? '' : ' x'}${s.retry ? ' (again)' : ''}${s.clientsSaturated ? ' (clients saturated)' : ''}${s.othersBusy !== undefined ? ` (others took ${Math.round(s.othersBusy * 100)}%)` : ''}`).join(', '),
        ]),
      ).map((l) => `  ${l}`),
    );
    for (const f of result.findMax.filter((x) => x.clientsLimited)) {
      out.push(`  ${f.label}: the clients saturated (a client worker at 90% of a core or more) where the rate above this maximum failed: the clients may have set it, and the server's own maximum is at least this.`);
    }
    for (const f of result.findMax.filter((x) => x.othersCompeted)) {
      out.push(`  ${f.label}: other processes competed for the cores where the rate above this maximum failed: they may have set it; rerun on a quiet machine before trusting it.`);
    }
  }
  if (result.cpuGoal) {
    const goal = result.cpuGoal;
    out.push('');
    out.push(`Server CPU per delivery at ${num(goal.ratePerS)} events/s x ${goal.clients} clients (issue 16's goal: at most ${goal.maxUsPerDelivery} µs for the websocket and sse starters)`);
    out.push(
      ...textTable(
        ['', 'CPU us/delivery', 'runs', 'delivered/s', 'p99', 'server CPU', 'machine busy', 'goal'],
        goal.rows.map((row) => {
          const m = (row.runIndex === undefined ? undefined : goal.runs[row.runIndex]) ?? goal.runs.find((r) => r.subject === row.subject);
          const runs = row.samples?.map((x) => num(x, 2)).join(' ') ?? '-';
          return [row.label, num(row.cpuUsPerDelivery, 2), runs, num(m?.deliveredPerS), m?.latency.count ? `${num(m.latency.p99Ms, 1)} ms` : '-', pct(m?.server.cpuCores), pct(m?.machineBusy), row.met ? 'met' : row.carried ? 'not met' : 'not shown'];
        }),
      ).map((l) => `  ${l}`),
    );
    for (const row of goal.rows.filter((r) => !r.met || r.othersCompeted)) out.push(`  ${cpuGoalSentence(row, goal)}.`);
  }
  if (result.p99Goal && result.p99Goal.rows.length > 0) {
    const goal = result.p99Goal;
    out.push('');
    out.push(`p99 against the raw baseline at a rate both sustained (issue 16's goal: at most ${goal.maxRatio}x; ${P99_GOAL.repeats} runs each in turns, the turn with the median ratio)`);
    out.push(
      ...textTable(
        ['', 'events/s', 'p99 starter', 'p99 raw', 'ratio', 'every turn (starter/raw ms)', 'goal'],
        goal.rows.map((row) => [
          row.label,
          num(row.ratePerS),
          row.starterP99Ms === null ? '-' : `${num(row.starterP99Ms, 1)} ms`,
          row.rawP99Ms === null ? '-' : `${num(row.rawP99Ms, 1)} ms`,
          times(row.ratio),
          row.samples.map((t) => `${num(t.starterP99Ms, 1)}/${num(t.rawP99Ms, 1)}${t.carried ? '' : ' (not carried)'}`).join(', '),
          row.verdict,
        ]),
      ).map((l) => `  ${l}`),
    );
    out.push('  Each row in words is under "Starters against their raw baselines" below.');
  }
  if (result.memory) {
    out.push('');
    const runs = Math.max(...result.memory.map((m) => m.samples?.length ?? 1));
    out.push(`Server memory per idle connection (slope between 1,000 and 5,000, after gc${runs > 1 ? `; of ${runs} runs in turns, a starter and its baseline from the turn with the median RSS ratio` : ''})`);
    out.push(
      ...textTable(
        ['', 'heap B/conn', 'RSS B/conn', 'external B/conn', ...(runs > 1 ? ['RSS B/conn, every run'] : [])],
        result.memory.map((m) => [
          m.label,
          num(m.heapBytesPerConnection),
          num(m.rssBytesPerConnection),
          num(m.externalBytesPerConnection),
          ...(runs > 1 ? [(m.samples ?? []).map((s) => num(s.rssBytesPerConnection)).join(', ')] : []),
        ]),
      ).map((l) => `  ${l}`),
    );
  }
  out.push('');
  out.push('Starters against their raw baselines (same machine, same run)');
  out.push(
    ...textTable(
      ['', 'max rate', 'p99 at same rate', 'CPU/delivery', 'memory/conn'],
      result.comparisons.map((c) => [
        protocolLabels[c.protocol],
        times(c.maxRateRatio),
        c.p99Ratio === null ? '-' : `${times(c.p99Ratio)} at ${num(c.p99RatePerS)}/s`,
        `${times(c.cpuPerDeliveryRatio)}${c.cpuPerDeliveryRatio === null ? '' : ` at ${num(options.rate)}/s`}`,
        times(c.memoryRatio),
      ]),
    ).map((l) => `  ${l}`),
  );
  out.push(
    `  Each is the starter's figure over its raw baseline's: above 1x is better for max rate, below 1x for p99, CPU and memory.${
      result.findMax && result.memory ? '' : ` "-": not measured in this run (${[!result.findMax && 'max rate needs --find-max', !result.memory && 'memory/conn needs --memory'].filter(Boolean).join(', ')}).`
    }`,
  );
  for (const c of result.comparisons) for (const line of c.reading) out.push(`  ${protocolLabels[c.protocol]}: ${line}.`);
  if (result.redisComparisons) {
    out.push('');
    out.push('Redis mode against in-process mode (the extra hop through Redis on loopback; same run)');
    out.push(
      ...textTable(
        ['', 'p50', 'p50 ms (in-process -> Redis)', 'p99', 'CPU/delivery', 'max rate'],
        result.redisComparisons.map((c) => [
          `${protocolLabels[c.protocol]} starter`,
          times(c.p50Ratio),
          c.p50Ms === null ? '-' : `${num(c.p50Ms.inProcess, 1)} -> ${num(c.p50Ms.redis, 1)}`,
          times(c.p99Ratio),
          times(c.cpuPerDeliveryRatio),
          times(c.maxRateRatio),
        ]),
      ).map((l) => `  ${l}`),
    );
    out.push("  CPU/delivery counts the starter's process only, not redis-server's.");
    if (result.runs.some((m) => m.subject.endsWith('-redis') && m.machineBusy !== null && m.machineBusy >= 0.9)) {
      out.push('  The machine was saturated during the Redis runs (redis-server competes for the same cores): rerun on a quiet machine before trusting these ratios.');
    }
  }
  const goalRuns = [...(result.cpuGoal?.runs ?? []), ...(result.p99Goal?.runs ?? [])];
  const warnings = [...result.runs, ...goalRuns].flatMap((m) => m.warnings.map((w) => `${m.label}${goalRuns.includes(m) ? ` at ${num(m.offeredPerS)}/s` : ''}: ${w}`));
  if (warnings.length > 0) {
    out.push('');
    out.push('Warnings');
    out.push(...warnings.map((w) => `  ${w}`));
  }
  out.push('');
  out.push('How it ran');
  out.push(...env.transport.map((t) => `  ${t}`));
  out.push(...[...new Set([...result.runs, ...goalRuns].flatMap((m) => m.notes))].map((n) => `  ${n}`));
  out.push('  Absolute figures move between machines and runs; ratios within one run hold better.');
  out.push('');
  return out.join('\n');
}
