import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBusy, saturation, saturationWarning } from '../../bench/harness/machine-load.js';
import { type BenchRunView, shortfall } from '../../site/src/bench-view.js';
import { distDir } from './site-paths.js';

/**
 * The built Compare page against the committed run it was built from (bench/results/latest.json):
 * issue 16's CPU goal, one row per subject the harness judged, with its figure and the
 * harness's verdict, when the run has it, and none when it does not; the machine's load in the
 * harness's own words. Read from the built HTML, as a reader's browser gets it.
 */

const run = JSON.parse(readFileSync(new URL('../../bench/results/latest.json', import.meta.url), 'utf8')) as BenchRunView;
const html = readFileSync(`${distDir}/compare/index.html`, 'utf8');

/** The text of some markup, as a reader sees it (tags out, Astro's entities decoded, spaces folded). */
function textOf(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The goals table's rows for one goal, by subject: their data-verdict and their text. */
function goalRowsOnPage(goal: string): Map<string, { verdict: string; text: string }> {
  const rows = new Map<string, { verdict: string; text: string }>();
  for (const match of html.matchAll(/<tr\b([^>]*)>(.*?)<\/tr>/gs)) {
    const attributes = match[1]!;
    if (!attributes.includes(`data-goal="${goal}"`)) continue;
    const subject = /data-subject="([^"]+)"/.exec(attributes)?.[1];
    const verdict = /data-verdict="([^"]+)"/.exec(attributes)?.[1];
    if (subject && verdict) rows.set(subject, { verdict, text: textOf(match[2]!) });
  }
  return rows;
}

describe('the built Compare page', () => {
  it("shows issue 16's CPU goal per judged subject when the committed run has it, and nothing of it when not", () => {
    const cpuRows = goalRowsOnPage('cpu');
    if (!run.cpuGoal) {
      expect(cpuRows.size).toBe(0);
      expect(textOf(html)).not.toMatch(/µs of server CPU per delivery at/);
      return;
    }
    const goal = run.cpuGoal;
    expect([...cpuRows.keys()]).toEqual(goal.rows.map((r) => r.subject));
    for (const row of goal.rows) {
      const onPage = cpuRows.get(row.subject)!;
      const verdict = row.met ? 'met' : row.carried ? 'not met' : 'not shown';
      expect(onPage.verdict, row.subject).toBe(verdict);
      expect(onPage.text).toContain(row.label);
      expect(onPage.text).toContain(row.cpuUsPerDelivery === null ? 'not measured' : `${row.cpuUsPerDelivery.toFixed(2)} µs per delivery`);
      // The verdict is printed in the row, and a row not shown says why.
      expect(onPage.text).toContain(verdict);
      if (!row.carried) expect(onPage.text).toContain(`it did not sustain the rate (${row.notCarried ?? ''}`);
    }
    // The goal's line, with the point it is measured at, from the run's JSON.
    expect(textOf(html)).toContain(`at most ${goal.maxUsPerDelivery} µs of server CPU per delivery at ${goal.ratePerS.toLocaleString('en-US')} events/s × ${goal.clients} clients`);
  });

  it('shows the websocket starter against 5x the naive ws server, from the find-max figures', () => {
    const rows = goalRowsOnPage('ws-over-naive');
    const starter = run.findMax?.find((f) => f.subject === 'ws-starter');
    const raw = run.findMax?.find((f) => f.subject === 'ws-raw');
    if (!starter || !raw) {
      expect(rows.size).toBe(0);
      return;
    }
    const ratio = starter.maxDeliveriesPerS / raw.maxDeliveriesPerS;
    const onPage = rows.get('ws-starter')!;
    expect(onPage.text).toContain(`(${ratio.toFixed(2)}×)`);
    if (ratio >= 5 && !raw.clientsLimited) expect(onPage.verdict).toBe('met');
    if (ratio < 5 && !starter.clientsLimited) expect(onPage.verdict).toBe('not met');
  });

  it("words each saturated measurement as the harness does, telling the run's own load from other processes'", () => {
    const text = textOf(html);
    const measurements = [...run.runs, ...(run.cpuGoal?.runs ?? [])];
    for (const m of measurements) {
      const s = saturation(m.machineBusy, m.runBusy ?? runBusy(m, run.environment.cores));
      if (s) expect(text, m.label).toContain(`${m.label} at ${m.offeredPerS.toLocaleString('en-US')} events/s: ${saturationWarning(s)}`);
    }
    // No blanket "the machine was shared": that is said only when the figures show it.
    expect(text).not.toContain('The machine was shared.');
  });

  it("says beside the article's latency claims why a starter did not carry the run's rate, and gives its p99 at a rate it carries", () => {
    const claims = /<table class="claims-table[^"]*"[^>]*>(.*?)<\/table>/s.exec(html)?.[1];
    expect(claims).toBeDefined();
    const text = textOf(claims!);
    for (const protocol of ['ws', 'sse', 'grpc'] as const) {
      const m = run.runs.find((r) => r.subject === `${protocol}-starter`);
      if (!m) continue;
      const why = shortfall(run, m);
      if (why === undefined) continue;
      expect(text, protocol).toContain(`(${why})`);
      const goal = run.p99Goal?.rows.find((row) => row.protocol === protocol);
      if (goal?.starterP99Ms != null) expect(text, protocol).toContain(`a rate it carries`);
      // Its CPU and bytes per delivery, over next to nothing delivered, are not shown as figures.
      expect(text, protocol).toContain(`not shown: it did not carry ${run.options.rate.toLocaleString('en-US')}/s × ${run.options.clients} here`);
      expect(text, protocol).not.toContain(`${m.server.cpuUsPerDelivery?.toFixed(2)} µs server CPU per delivery`);
    }
  });
});
