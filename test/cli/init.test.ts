import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planScaffold } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listTree(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort((a, b) => a.localeCompare(b));
}

describe('choose-protocol init (no terminal)', () => {
  it('writes the template into <template>-starter, named after the folder, and prints next steps', async () => {
    const cwd = await tempDir();
    const result = await runCli(['init', 'websocket'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const expected = (await planScaffold({ template: 'websocket', name: 'websocket-starter' })).files.map((f) => f.path);
    expect(await listTree(join(cwd, 'websocket-starter'))).toEqual(expected);
    expect(expected).toContain('.gitignore');
    expect(expected.some((p) => p.startsWith('node_modules/') || p.startsWith('dist/') || p.endsWith('_gitignore'))).toBe(false);
    const pkg = JSON.parse(await readFile(join(cwd, 'websocket-starter', 'package.json'), 'utf8'));
    expect(pkg.name).toBe('websocket-starter');
    expect(result.stdout).toContain('cd websocket-starter && npm install && npm test && npm start');
  });

  it('prints JSON with the files, and installs nothing and makes no repository by default', async () => {
    const cwd = await tempDir();
    const result = await runCli(['init', 'websocket', 'chat', '--json'], { cwd });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ template: 'websocket', directory: join(cwd, 'chat'), name: 'chat', installed: false, git: false });
    expect(report.files).toEqual(await listTree(join(cwd, 'chat')));
    expect(report.nextSteps).toEqual(['cd chat', 'npm install', 'npm test', 'npm start']);
    await expect(stat(join(cwd, 'chat', '.git'))).rejects.toThrow();
  });

  it('quotes a directory that needs quoting and uses the package manager we ran under', async () => {
    const cwd = await tempDir();
    const result = await runCli(['init', 'websocket', 'my app', '--name', 'my-app'], { cwd, env: { npm_config_user_agent: 'pnpm/9.0.0 npm/? node/v20.19.0' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cd "my app" && pnpm install && pnpm test && pnpm start');
  });

  it('writes nothing on --dry-run', async () => {
    const cwd = await tempDir();
    const result = await runCli(['init', 'websocket', 'chat', '--dry-run'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Dry run: would write \d+ files/);
    expect(result.stdout).toContain('create    package.json');
    expect(await readdir(cwd)).toEqual([]);
    const json = JSON.parse((await runCli(['init', 'websocket', 'chat', '--dry-run', '--json'], { cwd })).stdout);
    expect(json.dryRun).toBe(true);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('refuses an invalid package name with a suggestion (exit 2)', async () => {
    const cwd = await tempDir();
    const result = await runCli(['init', 'websocket', 'My App'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"My App" is not a valid npm package name.*--name my-app.*\[CP_INVALID_NAME\]/);
    expect(await readdir(cwd)).toEqual([]);
    expect((await runCli(['init', 'websocket', 'x', '--name', 'Bad Name'], { cwd })).code).toBe(2);
  });

  it('refuses an unknown template, listing the templates (exit 2)', async () => {
    const result = await runCli(['init', 'mqtt'], { cwd: await tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown template "mqtt"\. Templates: websocket, sse, grpc, http\. \[CP_UNKNOWN_TEMPLATE\]/);
    expect((await runCli(['init'], { cwd: await tempDir() })).code).toBe(2);
  });

  it('refuses --web for a template without that variant', async () => {
    const result = await runCli(['init', 'sse', '--web'], { cwd: await tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--web does not apply to the sse template/);
  });

  it('will not write into a non-empty folder without --force, and lists what is there (exit 1)', async () => {
    const cwd = await tempDir();
    const target = join(cwd, 'app');
    await mkdir(target);
    await writeFile(join(target, 'README.md'), 'my notes\n');
    await writeFile(join(target, 'data.csv'), '1,2\n');
    const result = await runCli(['init', 'websocket', 'app'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/app is not empty \(README\.md, data\.csv\)\. --force would write over: README\.md\..*\[CP_TARGET_NOT_EMPTY\]/);
    expect(await readdir(target)).toEqual(['README.md', 'data.csv']);
    expect(await readFile(join(target, 'README.md'), 'utf8')).toBe('my notes\n');
  });

  it('with --force writes the starter over same-named files and keeps the rest', async () => {
    const cwd = await tempDir();
    const target = join(cwd, 'app');
    await mkdir(join(target, '.git'), { recursive: true });
    await writeFile(join(target, '.git', 'config'), '[core]\n');
    await writeFile(join(target, 'data.csv'), '1,2\n');
    const result = await runCli(['init', 'websocket', 'app', '--force'], { cwd });
    expect(result.code).toBe(0);
    expect(await readFile(join(target, 'data.csv'), 'utf8')).toBe('1,2\n');
    expect(await readFile(join(target, '.git', 'config'), 'utf8')).toBe('[core]\n');
    expect(JSON.parse(await readFile(join(target, 'package.json'), 'utf8')).name).toBe('app');
  });

  it('shows on --dry-run which files a non-empty folder would lose, and writes nothing', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'app'));
    await writeFile(join(cwd, 'app', 'package.json'), '{}');
    const result = await runCli(['init', 'websocket', 'app', '--dry-run'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('overwrite package.json');
    expect(result.stdout).toMatch(/app is not empty \(package\.json\)/);
    const json = JSON.parse((await runCli(['init', 'websocket', 'app', '--dry-run', '--json'], { cwd })).stdout);
    expect(json.overwritten).toEqual(['package.json']);
    expect(await readdir(join(cwd, 'app'))).toEqual(['package.json']);
  });

  it('refuses an empty directory name and a target under a file, with one line each', async () => {
    const cwd = await tempDir();
    const empty = await runCli(['init', 'websocket', ''], { cwd });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/The directory is empty.*\[CP_INVALID_VALUE\]/);
    await writeFile(join(cwd, 'f'), '');
    const underFile = await runCli(['init', 'websocket', 'f/sub', '--name', 'ok'], { cwd });
    expect(underFile.code).toBe(1);
    expect(underFile.stderr.trim().split('\n')).toHaveLength(1);
    expect(underFile.stderr).toMatch(/ENOTDIR.*\[CP_TARGET_UNUSABLE\]/);
  });

  it('writes next steps that cd cannot mistake for a flag', async () => {
    const cwd = await tempDir();
    const result = await runCli(['init', 'websocket', '--name', 'dash', '--', '-dash'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cd ./-dash && npm install');
  });

  it('counts a folder holding only .git and LICENSE as empty', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'repo', '.git'), { recursive: true });
    await writeFile(join(cwd, 'repo', 'LICENSE'), 'MIT\n');
    expect((await runCli(['init', 'websocket', 'repo'], { cwd })).code).toBe(0);
  });

  it('commits only the starter\'s files when --force wrote into a folder with the user\'s own', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'app'));
    await writeFile(join(cwd, 'app', 'secrets.txt'), 'mine');
    const result = await runCli(['init', 'websocket', 'app', '--force', '--git', '--json'], { cwd, env: { HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(result.code).toBe(0);
    const { execFileSync } = await import('node:child_process');
    const tracked = execFileSync('git', ['ls-files'], { cwd: join(cwd, 'app'), encoding: 'utf8' });
    expect(tracked).not.toContain('secrets.txt');
    expect(tracked).toContain('package.json');
  });

  it('makes a git repository with a first commit when asked', async () => {
    const cwd = await tempDir();
    const result = await runCli(['init', 'websocket', 'chat', '--git', '--json'], { cwd, env: { HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).git).toBe(true);
    const { execFileSync } = await import('node:child_process');
    const log = execFileSync('git', ['log', '--oneline'], { cwd: join(cwd, 'chat'), encoding: 'utf8' });
    expect(log).toMatch(/Initial commit from choose-protocol \(websocket starter\)/);
    const tracked = execFileSync('git', ['ls-files'], { cwd: join(cwd, 'chat'), encoding: 'utf8' }).trim().split('\n').sort((a, b) => a.localeCompare(b));
    expect(tracked).toEqual(JSON.parse(result.stdout).files);
  });
});
