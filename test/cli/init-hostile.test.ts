import { spawn } from 'node:child_process';
import { chmod, lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, cleanEnv, runCli, type CliResult } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * init against targets a user did not expect: odd names, links out, no permission, no space.
 * The failures are the operating system's own: an unprivileged user (setpriv) for permissions,
 * a file-size limit (RLIMIT_FSIZE, so writes fail with EFBIG) for a disk that fills mid-way.
 */

const tempDir = useTempDirs();

/** Runs the CLI through a wrapper program (setpriv, sh) so the OS imposes the fault. */
function runWrapped(wrapper: readonly string[], args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(wrapper[0]!, [...wrapper.slice(1), process.execPath, binPath, ...args], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: 0 }));
  });
}

const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

async function allFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String);
}

describe('init on hostile targets', () => {
  it('writes into a folder named with spaces and non-ASCII letters, asking for a valid package name first', async () => {
    const cwd = await tempDir();
    const folder = 'données app ✓';
    const refused = await runCli(['init', 'sse', folder], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Pass --name donnees-app');
    expect(await readdir(cwd)).toEqual([]);
    const result = await runCli(['init', 'sse', folder, '--name', 'donnees-app', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const pkg = JSON.parse(await readFile(join(cwd, folder, 'package.json'), 'utf8')) as { name: string };
    expect(pkg.name).toBe('donnees-app');
    expect(JSON.parse(result.stdout)).toMatchObject({ directory: join(cwd, folder), nextSteps: expect.arrayContaining([`cd "${folder}"`]) as unknown });
  });

  it('replaces a file that is a link out of the target instead of writing through it', async () => {
    const cwd = await tempDir();
    const outside = join(cwd, 'outside.json');
    await writeFile(outside, '{"mine":true}\n');
    await mkdir(join(cwd, 'app'));
    await symlink(outside, join(cwd, 'app', 'package.json'));
    const result = await runCli(['init', 'websocket', 'app', '--force'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(outside, 'utf8')).toBe('{"mine":true}\n');
    expect((await lstat(join(cwd, 'app', 'package.json'))).isFile()).toBe(true);
  });

  it('reports a folder it may not create in as unusable, in one line, writing nothing', async () => {
    const cwd = await tempDir();
    await chmod(cwd, 0o755);
    await mkdir(join(cwd, 'locked'), { mode: 0o555 });
    const result = await runWrapped(asNobody, ['init', 'websocket', 'locked/app'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[CP_TARGET_UNUSABLE]');
    expect(result.stderr).toContain('EACCES');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await readdir(join(cwd, 'locked'))).toEqual([]);
  });

  it('reports a read-only target as a failed write that wrote nothing, leaving no temp files', async () => {
    const cwd = await tempDir();
    await chmod(cwd, 0o755);
    await mkdir(join(cwd, 'app'), { mode: 0o555 });
    const result = await runWrapped(asNobody, ['init', 'websocket', 'app', '--json'], cwd);
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('CP_WRITE_FAILED');
    expect(error.message).toContain('Nothing was written.');
    expect(await readdir(join(cwd, 'app'))).toEqual([]);
  });

  it('says what it wrote when the disk fills part way, and leaves no temp files', async () => {
    const cwd = await tempDir();
    // 8 blocks of 512 bytes: the starter's small files fit, its larger ones do not. The signal
    // is ignored so that the write fails with EFBIG, as it fails with ENOSPC on a full disk.
    const limited = ['sh', '-c', 'trap "" XFSZ; ulimit -f 8; exec "$@"', 'sh'];
    const result = await runWrapped(limited, ['init', 'websocket', 'app', '--json'], cwd);
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('CP_WRITE_FAILED');
    expect(error.message).toContain('EFBIG');
    expect(error.message).toMatch(/Written before it failed: .+\./);
    const left = await allFiles(join(cwd, 'app'));
    expect(left.filter((name) => name.endsWith('.choose-protocol.tmp'))).toEqual([]);
    for (const written of /Written before it failed: (.+)\./.exec(error.message)![1]!.split(', ')) {
      expect(left).toContain(written);
    }
  });
});
