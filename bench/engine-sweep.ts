/**
 * Runs the engine over every answer combination the unit tests enumerate (test/src/decision's
 * answer space), writing one line of JSON per combination: the `recommend --json` report and the
 * flips found for every outcome. Written before and after a change to the engine, the two files
 * must match byte for byte. Also prints per-call time (one process, so the engine's own caches
 * warm up as the sweep goes; the first call is the cold one a CLI run pays).
 *
 *   npx tsx bench/engine-sweep.ts /tmp/engine-before.jsonl
 */
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { flipOptions, outcomeIds, recommend, toReport } from '../src/index.js';
import { allAnswers } from '../test/src/decision/answer-space.js';

const out = process.argv[2];
if (!out) throw new Error('usage: tsx bench/engine-sweep.ts <output.jsonl>');
const file = createWriteStream(out);
const times: number[] = [];
let count = 0;
for (const answers of allAnswers()) {
  const started = performance.now();
  const rec = recommend(answers);
  times.push(performance.now() - started);
  const flips = rec ? outcomeIds.map((id) => flipOptions(id, answers)) : null;
  const line = JSON.stringify({ answers, report: rec ? toReport(rec) : null, flips });
  if (!file.write(`${line}\n`)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
  count++;
}
await new Promise<void>((resolve) => file.end(() => resolve()));
const first = times[0]!;
const sorted = [...times].sort((a, b) => a - b);
const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const total = times.reduce((a, b) => a + b, 0);
console.log(
  `${count} combinations: first call ${first.toFixed(3)} ms, median ${(at(0.5) * 1000).toFixed(1)} µs, ` +
    `p90 ${(at(0.9) * 1000).toFixed(1)} µs, max ${at(1).toFixed(3)} ms, total ${total.toFixed(0)} ms`,
);
