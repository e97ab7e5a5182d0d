// @ts-check
/**
 * Builds the docs site into site/dist for the package (`prepack`): `choose-protocol demo` serves
 * it. Skipped when site/dist is newer than everything the site is built from, so packing twice
 * in a row (CI packs once per Node version) builds once. `--force` always builds.
 *
 * The build runs as a release does: without the NODE_ENV, DEV, PROD... that a test runner may
 * leak into `npm pack`, which Vite would read into a development build.
 *
 *   node scripts/build-site.mjs [--force]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const built = join(root, 'site/dist/index.html');
const inputs = ['site/src', 'site/astro.config.mjs', 'src', 'templates', 'docs', 'proto', 'live-demos', 'package.json'];

/** The newest modification time under `path`, skipping installs and build output. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === '.astro') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

const force = process.argv.includes('--force');
const stale = !existsSync(built) || inputs.some((input) => newest(join(root, input)) > statSync(built).mtimeMs);
if (!force && !stale) {
  console.error('site/dist is up to date: not rebuilding the docs site.');
} else {
  const env = { ...process.env, NODE_ENV: 'production', ASTRO_TELEMETRY_DISABLED: '1' };
  for (const key of ['DEV', 'PROD', 'SSR', 'TEST', 'MODE', 'BASE_URL', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete env[key];
  execFileSync(process.execPath, [join(root, 'node_modules/astro/astro.js'), 'build', '--root', 'site', '--silent'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}
