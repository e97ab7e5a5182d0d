import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Builds the site once for every test file (`npm run build:site`, the same command as a
 * release), and checks the CLI the Choose tests compare against is built (`npm run build`,
 * which `npm run test:site` runs first).
 */
export default function setup(): void {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  if (!existsSync(`${repo}dist/cli/bin.js`)) throw new Error('dist/cli/bin.js is missing: run `npm run build` first (npm run test:site does).');
  execFileSync('npm', ['run', 'build:site', '--silent'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'], timeout: 240_000 });
}
