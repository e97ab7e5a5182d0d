import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const distCli = fileURLToPath(new URL('../../dist/cli/', import.meta.url));

/**
 * Which of the built CLI's files a run reads, in order: a loader hook (module.register, preloaded
 * through NODE_OPTIONS) appends every file:// module it loads to a log. Each file a cold start
 * reads costs time (issue 13: `--help` and `recommend --json` as fast as create-vite's one file),
 * so the build's layout is held here, by count, not by a timing that a loaded machine would flake.
 */
async function filesRead(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const dir = await tempDir();
  const log = join(dir, 'loaded.txt');
  await writeFile(log, '');
  await writeFile(
    join(dir, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.startsWith('file:')) appendFileSync(process.env.CP_LOAD_LOG, url + '\\n');\n  return next(url, context);\n}\n",
  );
  await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  const result = await runCli(args, { env: { NO_COLOR: '1', ...env, CP_LOAD_LOG: log, NODE_OPTIONS: `--import ${pathToFileURL(join(dir, 'register.mjs')).href}` } });
  expect(result.code, result.stderr).toBe(0);
  const prefix = pathToFileURL(distCli).href;
  return (await readFile(log, 'utf8'))
    .split('\n')
    .filter((url) => url.startsWith(prefix))
    .map((url) => url.slice(prefix.length));
}

describe('cold start: the files a run reads', () => {
  it('--help reads bin.js alone', async () => {
    expect(await filesRead(['--help'])).toEqual(['bin.js']);
  });

  it('recommend --json reads bin.js and the engine, not the catalogue, the prompts or chalk', async () => {
    const args = ['recommend', '--direction', 'server-to-client', '--peer', 'browser', '--rate', '5000', '--json'];
    expect(await filesRead(args)).toEqual(['bin.js', 'engine-commands.js']);
  });

  it('compare reads bin.js and the catalogue, not the engine', async () => {
    expect(await filesRead(['compare'])).toEqual(['bin.js', 'catalogue-commands.js']);
  });

  it('chalk is read only when colour is on', async () => {
    expect(await filesRead(['--help'], { NO_COLOR: '', FORCE_COLOR: '1' })).toEqual(['bin.js', 'vendor/chalk.js']);
  });
});
