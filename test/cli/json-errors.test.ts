import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { binPath, cleanEnv, runCli, type CliResult } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Exactly one JSON object on stdout, `{ error: { code, message, exitCode } }`, and that exit code. */
function expectJsonError(result: CliResult, code: string, exitCode: number): { code: string; message: string; exitCode: number } {
  const report = JSON.parse(result.stdout) as { error: { code: string; message: string; exitCode: number } };
  expect(Object.keys(report)).toEqual(['error']);
  expect(report.error).toMatchObject({ code, exitCode });
  expect(report.error.message).not.toBe('');
  expect(result.code).toBe(exitCode);
  return report.error;
}

describe('errors with --json', () => {
  it('are one JSON object on stdout when parsing fails, with nothing on stderr', async () => {
    const cases: [string[], string][] = [
      [['recommend', '--json', '--bogus'], 'CP_UNKNOWN_FLAG'],
      [['recomend', '--json'], 'CP_UNKNOWN_COMMAND'],
      [['recommend', '--json', '--rate'], 'CP_MISSING_ARGUMENT'],
      [['recommend', '--json', '--direction', 'sideways'], 'CP_INVALID_VALUE'],
      [['recommend', '--json=yes'], 'CP_INVALID_VALUE'],
      [['compare', 'extra', '--json'], 'CP_INVALID_VALUE'],
    ];
    for (const [args, code] of cases) {
      const result = await runCli(args);
      expectJsonError(result, code, 2);
      expect(result.stderr, args.join(' ')).toBe('');
    }
  });

  it('carry the same message the text error has', async () => {
    const text = await runCli(['explain', 'nope']);
    const json = expectJsonError(await runCli(['explain', 'nope', '--json']), 'CP_INVALID_VALUE', 2);
    expect(text.stderr).toContain(json.message);
  });

  it('cover unknown templates and missing answers (exit 2)', async () => {
    const cwd = await tempDir();
    expectJsonError(await runCli(['init', 'x', '--json'], { cwd }), 'CP_UNKNOWN_TEMPLATE', 2);
    expectJsonError(await runCli(['init', '--json'], { cwd }), 'CP_MISSING_ARGUMENT', 2);
    expect(await readdir(cwd)).toEqual([]);
    const missing = expectJsonError(await runCli(['recommend', '--json']), 'CP_MISSING_ANSWERS', 2);
    expect(missing.message).toContain('--direction bidirectional|server-to-client|client-to-server');
    expectJsonError(await runCli(['--json']), 'CP_MISSING_ANSWERS', 2);
  });

  it('cover failures (exit 1): a non-empty target', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'app'));
    await writeFile(join(cwd, 'app', 'notes.txt'), 'mine\n');
    const error = expectJsonError(await runCli(['init', 'websocket', 'app', '--json'], { cwd }), 'CP_TARGET_NOT_EMPTY', 1);
    expect(error.message).toContain('notes.txt');
  });

  it('do not apply after --, where --json is an argument', async () => {
    const result = await runCli(['explain', '--', '--json']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('[CP_INVALID_VALUE]');
  });

  it('report Ctrl-C as CP_CANCELLED (exit 130), in JSON on stdout', async () => {
    // A package manager that takes its time, so the signal arrives mid-install as a user's would.
    // The CLI gets its own process group, which Ctrl-C on a terminal signals as a whole.
    const install = await startInstall('echo installing >&2\nexec sleep 20', { detached: true });
    await install.installing;
    process.kill(-install.child.pid!, 'SIGINT');
    expectJsonError(await install.result, 'CP_CANCELLED', 130);
  });

  it('report once, as CP_CANCELLED, when the install ends of the Ctrl-C before the CLI sees it', async () => {
    // The terminal signals the whole group; npm may die of it first. Here it does so every time.
    const install = await startInstall('kill -INT $$\nsleep 5');
    const error = expectJsonError(await install.result, 'CP_CANCELLED', 130);
    expect(error.message).toContain('the files are written');
  });

  it('pass a SIGINT sent to the CLI alone on to the install, leaving nothing running', async () => {
    // The fake npm records its pid and waits; SIGINT ends it as it would end npm.
    const install = await startInstall('echo $$ > npm.pid\necho installing >&2\nexec sleep 30');
    await install.installing;
    const npmPid = Number((await readFile(join(install.cwd, 'app', 'npm.pid'), 'utf8')).trim());
    install.child.kill('SIGINT');
    expectJsonError(await install.result, 'CP_CANCELLED', 130);
    await expect.poll(() => isRunning(npmPid), { timeout: 5000 }).toBe(false);
  });

  it('report an unexpected failure as CP_INTERNAL (exit 1), its stack on stderr', async () => {
    // A broken install: the bundled CLI and its package.json, without the templates/ folder.
    const cwd = await tempDir();
    const pkg = join(cwd, 'pkg');
    await cp(join(repo, 'dist'), join(pkg, 'dist'), { recursive: true });
    await cp(join(repo, 'package.json'), join(pkg, 'package.json'));
    const child = spawn(process.execPath, [join(pkg, 'dist/cli/bin.js'), 'init', 'websocket', 'app', '--json'], { cwd, env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const error = expectJsonError({ code, signal: null, stdout, stderr, ms: 0 }, 'CP_INTERNAL', 1);
    expect(error.message).toContain('templates/ folder was not found');
    expect(stderr).toContain('this is a bug in choose-protocol');
    expect(stderr).toMatch(/\n\s+at /);
  });
});

/** Alive and not a zombie (an orphan's parent in a container may never reap it). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * `init websocket app --json --install` with a fake npm (a shell script body) first on PATH.
 * `installing` settles when the script prints "installing" on stderr.
 */
async function startInstall(script: string, options: { detached?: boolean } = {}) {
  const cwd = await tempDir();
  const bin = join(cwd, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'npm'), `#!/bin/sh\n${script}\n`);
  await chmod(join(bin, 'npm'), 0o755);
  const child = spawn(process.execPath, [binPath, 'init', 'websocket', 'app', '--json', '--install'], {
    cwd,
    env: cleanEnv({ PATH: `${bin}:${process.env.PATH}`, npm_config_user_agent: 'npm/10.0.0 node/v20.19.0' }),
    detached: options.detached ?? false,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const installing = new Promise<void>((resolve) =>
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('installing')) resolve();
    }),
  );
  const result = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, signal: null, stdout, stderr, ms: 0 })));
  return { cwd, child, installing, result };
}
