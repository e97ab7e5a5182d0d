import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installedPackage } from '../helpers/packed.js';

/**
 * The site the pages are tested on. Given an installed package (CI: the tarball, see
 * test/helpers/packed.ts, installed by packed-setup.ts, which runs first), its site/dist: the
 * site users get, built by the pack's prepack, so nothing is built here. Otherwise builds the
 * clone's site once for every test file (`npm run build:site`, the same build as a release), and
 * checks the CLI the Choose tests compare against is built (`npm run build:cli`, which
 * `npm run test:site` runs first).
 */
export default function setup(): void {
  const installed = installedPackage();
  if (installed) {
    if (!existsSync(`${installed.siteDir}/index.html`)) throw new Error(`The installed package ships no built site (${installed.siteDir}/index.html is missing).`);
    return;
  }
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  if (!existsSync(`${repo}dist/cli/bin.js`)) throw new Error('dist/cli/bin.js is missing: run `npm run build:cli` first (npm run test:site does).');
  // vitest sets NODE_ENV=test, DEV=1, PROD= and SSR, which Vite would read into import.meta.env:
  // the site would build in development mode (Starlight then replaces search with "only
  // available in production builds"). Build as a release does, without them.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  for (const key of ['DEV', 'PROD', 'SSR', 'TEST', 'MODE', 'BASE_URL']) delete env[key];
  execFileSync('npm', ['run', 'build:site', '--silent'], { cwd: repo, env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
}
