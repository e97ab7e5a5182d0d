// @ts-check
/**
 * Cold start of the built CLI, as ratios to a bare `node -e 0`, next to create-vite's own
 * `--help` (a devDependency, one bundled file) in the same interleaved run, so that machine
 * noise hits every command alike. The target (issue 13): `--help` and `recommend --json` at or
 * below create-vite's ratio. Plain JavaScript run by plain node: a TypeScript loader in this
 * parent process would skew the very start-up times it measures.
 *
 *   npm run bench:cli [-- --runs 30] [-- --cpu]
 *
 * `--cpu` compares the CPU time each process used (user + system, read by a hook preloaded into
 * every subject alike) instead of wall-clock time: on a machine other work is loading, waiting
 * for a core inflates wall time far more than CPU time, so CPU ratios stay comparable.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
const vitePackage = createRequire(import.meta.url).resolve('create-vite/package.json');
const vite = JSON.parse(readFileSync(vitePackage, 'utf8'));
const viteBin = join(dirname(vitePackage), vite.bin['create-vite']);
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
const cpu = process.argv.includes('--cpu');
/** Preloaded with --import: reports the process's own CPU time on stderr as it exits. */
const cpuHook = `data:text/javascript,${encodeURIComponent("process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`\\ncpu-ms ${(u.user + u.system) / 1000}`); });")}`;

/** @type {{ name: string; args: string[]; matchVite?: boolean; env?: Record<string, string> }[]} */
const subjects = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: `create-vite@${vite.version} --help`, args: [viteBin, '--help'] },
  { name: 'choose-protocol --help', args: [bin, '--help'], matchVite: true },
  { name: 'choose-protocol recommend --json', args: [bin, 'recommend', '--direction', 'server-to-client', '--peer', 'browser', '--rate', '5000', '--json'], matchVite: true },
  { name: 'choose-protocol compare', args: [bin, 'compare'] },
  // What a terminal user sees: colour on, so chalk loads too.
  { name: 'choose-protocol --help (colour)', args: [bin, '--help'], env: { FORCE_COLOR: '1' } },
];

/** @param {string[]} args @param {Record<string, string>} [env] */
function time(args, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, cpu ? ['--import', cpuHook, ...args] : args, {
    stdio: ['ignore', 'ignore', cpu ? 'pipe' : 'ignore'],
    encoding: 'utf8',
    env: env ? { ...process.env, ...env } : { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  if (!cpu) return Number(process.hrtime.bigint() - started) / 1e6;
  const reported = /cpu-ms (\S+)$/.exec(result.stderr);
  if (!reported?.[1]) throw new Error(`${args.join(' ')} reported no CPU time`);
  return Number(reported[1]);
}

/** @type {number[][]} */
const samples = subjects.map(() => []);
for (const subject of subjects) time(subject.args, subject.env); // warm the file cache once
for (let i = 0; i < runs; i++) subjects.forEach((subject, s) => samples[s]?.push(time(subject.args, subject.env)));

/** @param {number[]} xs @param {number} q */
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q + 0.5)] ?? NaN;
/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ratios = samples.map((xs) => median(xs) / median(samples[0] ?? []));
/** The spread: quartiles of each round's own ratio (that subject's time over node -e 0's in the same round). */
const spreads = samples.map((xs) => {
  const perRound = xs.map((x, i) => x / (samples[0]?.[i] ?? NaN));
  return `${quantile(perRound, 0.25).toFixed(2)}-${quantile(perRound, 0.75).toFixed(2)}`;
});
const viteRatio = ratios[1] ?? NaN;
console.log(`node ${process.version}, ${runs} interleaved runs each, median ${cpu ? 'CPU' : 'wall-clock'} times (ratio to node -e 0; per-round ratios' quartiles):`);
let missed = false;
subjects.forEach((subject, s) => {
  const ratio = ratios[s] ?? NaN;
  let verdict = '';
  if (subject.matchVite) {
    const met = ratio <= viteRatio;
    if (!met) missed = true;
    verdict = `  (create-vite ${viteRatio.toFixed(2)}x: ${met ? 'at or below' : 'ABOVE'})`;
  }
  console.log(`  ${subject.name.padEnd(34)} ${median(samples[s] ?? []).toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}x  [${spreads[s]}]${verdict}`);
});
process.exitCode = missed ? 1 : 0;
