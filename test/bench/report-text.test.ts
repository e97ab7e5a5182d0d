import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../bench/harness/report-text.js';
import type { BenchResult } from '../../bench/harness/run-bench.js';

/** The committed run, as a whole and real result to render (the figures do not matter here). */
const committed = JSON.parse(readFileSync(new URL('../../bench/results/latest.json', import.meta.url), 'utf8')) as BenchResult;

describe('the text report', () => {
  it('shows no latency for a row that delivered nothing, rather than 0.0 ms', () => {
    const [first] = committed.runs;
    const none = { ...first!, label: 'delivered-nothing', delivered: 0, deliveredPerS: 0, lost: first!.expected, latency: { count: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 } };
    const result: BenchResult = {
      ...committed,
      runs: [none],
      findMax: [{ subject: none.subject, label: 'stepped', maxDeliveriesPerS: 0, p99Ms: null, steps: [{ offeredPerS: 800, deliveredPerS: 0, p99Ms: 0, passed: false, reason: 'delivered 0/s < 99% of 80000/s' }] }],
      cpuGoal: null,
    };
    const lines = renderReport(result).split('\n');
    const row = lines.find((line) => line.trim().startsWith('delivered-nothing'))!;
    expect(row).not.toMatch(/0\.0/);
    // lost, dup, reord, then five latency cells with no figure, then the check.
    expect(row.trim().split(/\s+/).slice(-6)).toEqual(['-', '-', '-', '-', '-', 'ok']);
    expect(lines.find((line) => line.includes('stepped'))).toMatch(/800: 0 - x/);
  });

  it('says what the ratios mean, and which columns this run did not measure', () => {
    const full = renderReport(committed);
    expect(full).toContain("Each is the starter's figure over its raw baseline's: above 1x is better for max rate, below 1x for p99, CPU and memory.");
    expect(full).not.toContain('"-": not measured in this run');
    const plain = renderReport({ ...committed, findMax: null, memory: null, cpuGoal: null, p99Goal: null });
    expect(plain).toContain('"-": not measured in this run (max rate needs --find-max, memory/conn needs --memory).');
  });

  it('says CPU per delivery is mostly fixed cost at a low rate, and not at the default one', () => {
    expect(renderReport(committed)).not.toContain("fixed work (timers, heartbeats");
    const low = renderReport({ ...committed, options: { ...committed.options, rate: 200, clients: 10 } });
    expect(low).toContain("At 2,000 deliveries/s a server's fixed work (timers, heartbeats, the event loop itself) is shared by few deliveries");
  });
});
