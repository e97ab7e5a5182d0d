// @ts-check
/**
 * Cold start of the built CLI, as ratios to a bare `node -e 0`, interleaved in one run so that
 * machine noise hits every command alike. Targets (issue 3): --help within 1.5x, recommend
 * --json within 1.6x. Plain JavaScript run by plain node: a TypeScript loader in this parent
 * process would skew the very start-up times it measures.
 *
 *   npm run bench:cli [-- --runs 30]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;

/** @type {{ name: string; args: string[]; target?: number }[]} */
const subjects = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'choose-protocol --help', args: [bin, '--help'], target: 1.5 },
  { name: 'choose-protocol recommend --json', args: [bin, 'recommend', '--direction', 'server-to-client', '--peer', 'browser', '--rate', '5000', '--json'], target: 1.6 },
  { name: 'choose-protocol compare', args: [bin, 'compare'] },
];

/** @param {string[]} args */
function time(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** @type {number[][]} */
const samples = subjects.map(() => []);
for (const subject of subjects) time(subject.args); // warm the file cache once
for (let i = 0; i < runs; i++) subjects.forEach((subject, s) => samples[s]?.push(time(subject.args)));

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const base = median(samples[0] ?? []);
console.log(`node ${process.version}, ${runs} interleaved runs each, medians:`);
let missed = false;
subjects.forEach((subject, s) => {
  const ms = median(samples[s] ?? []);
  const ratio = ms / base;
  const met = subject.target === undefined || ratio <= subject.target;
  if (!met) missed = true;
  const verdict = subject.target === undefined ? '' : `  (target ${subject.target}x: ${met ? 'met' : 'MISSED'})`;
  console.log(`  ${subject.name.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}x${verdict}`);
});
process.exitCode = missed ? 1 : 0;
