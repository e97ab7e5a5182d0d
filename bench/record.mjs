// @ts-check
/**
 * Records the run the docs site shows: the default bench plus --find-max (each server's maximum
 * sustainable rate, and issue 16's CPU goal: the websocket and sse starters at 5,000 events/s x
 * 100 clients) and --memory, as one JSON object in bench/results/latest.json (the site's Compare
 * page reads it at build time). About half an hour on 2 cores; run it with nothing else running.
 * Written only once the whole run has finished and its output matches schemas/bench.schema.json,
 * so an interrupted or broken run never replaces the committed one.
 *
 *   npm run bench:record [-- --duration 5s --warmup 2s]
 *
 * Extra arguments go to `choose-protocol bench` as they are (the JSON records the exact command).
 */
import { spawn } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';

const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
const target = fileURLToPath(new URL('results/latest.json', import.meta.url));
const schema = JSON.parse(readFileSync(new URL('../schemas/bench.schema.json', import.meta.url), 'utf8'));
const args = ['bench', '--find-max', '--memory', '--json', ...process.argv.slice(2)];

const stdout = await new Promise((resolve, reject) => {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks = [];
  child.stdout.on('data', (chunk) => chunks.push(chunk));
  child.on('error', reject);
  // With --json an error is a JSON object on stdout: pass it on rather than lose it.
  child.on('close', (code) =>
    code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`choose-protocol ${args.join(' ')} exited with ${code}: ${Buffer.concat(chunks).toString('utf8').trim()}`)),
  );
});
const result = JSON.parse(stdout);
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(schema);
if (!validate(result)) throw new Error(`the run's JSON does not match schemas/bench.schema.json: ${ajv.errorsText(validate.errors)}`);
writeFileSync(`${target}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
renameSync(`${target}.tmp`, target);
const { environment } = result;
process.stdout.write(`Recorded ${target}\n  ${environment.command}\n  ${environment.date}, ${environment.cpuModel} x ${environment.cores}, load ${environment.loadAverage.join(' ')} before, ${result.loadAverageAfter.join(' ')} after\n`);
for (const f of result.findMax) process.stdout.write(`  ${f.label}: max ${f.maxDeliveriesPerS} deliveries/s${f.clientsLimited ? ' (the clients saturated above it)' : ''}${f.othersCompeted ? ' (other processes competed above it: rerun on a quiet machine)' : ''}\n`);
for (const row of result.p99Goal?.rows ?? []) {
  const ms = (x) => (x === null ? 'nothing delivered' : `${x} ms`);
  process.stdout.write(`  ${row.label}: p99 ${ms(row.starterP99Ms)} vs ${row.rawLabel} ${ms(row.rawP99Ms)} at ${row.ratePerS} x ${row.clients} (goal <= ${result.p99Goal.maxRatio}x): ${row.verdict}\n`);
}
for (const row of result.cpuGoal?.rows ?? []) {
  process.stdout.write(`  ${row.label}: ${row.cpuUsPerDelivery} µs server CPU per delivery at ${result.cpuGoal.ratePerS} x ${result.cpuGoal.clients} (goal <= ${result.cpuGoal.maxUsPerDelivery}): ${row.met ? 'met' : row.carried ? 'not met' : 'not shown (rate not carried)'}\n`);
}
