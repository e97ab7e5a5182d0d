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
  // vitest sets NODE_ENV=test, DEV=1, PROD= and SSR, which Vite would read into import.meta.env:
  // the site would build in development mode (Starlight then replaces search with "only
  // available in production builds"). Build as a release does, without them.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  for (const key of ['DEV', 'PROD', 'SSR', 'TEST', 'MODE', 'BASE_URL']) delete env[key];
  execFileSync('npm', ['run', 'build:site', '--silent'], { cwd: repo, env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
}
