import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, cleanEnv, runCli } from '../helpers/cli.js';

/** One line on stderr, the code in brackets, no stack trace, exit 2. */
function expectUsageError(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp, code: string): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).toContain(`[${code}]`);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('bad input', () => {
  it('names the accepted values for a bad --direction', async () => {
    expectUsageError(
      await runCli(['recommend', '--direction', 'sideways']),
      /--direction must be one of bidirectional, server-to-client, client-to-server \(got "sideways"\)/,
      'CP_INVALID_VALUE',
    );
  });

  it('explains what --rate takes when given words', async () => {
    expectUsageError(await runCli(['recommend', '--rate', 'fast']), /--rate must be a number of messages per second/, 'CP_INVALID_VALUE');
    for (const rate of ['-5', '0x10', '1e3', 'Infinity', '']) {
      expectUsageError(await runCli(['recommend', '--rate', rate]), /--rate must be a number/, 'CP_INVALID_VALUE');
    }
  });

  it('names the peers accepted', async () => {
    expectUsageError(await runCli(['recommend', '--peer', 'fridge']), /--peer must be one of browser, service, public/, 'CP_INVALID_VALUE');
  });

  it('rejects an unknown command and suggests the near one', async () => {
    expectUsageError(await runCli(['recomend']), /Unknown command "recomend"\. Did you mean "recommend"\?/, 'CP_UNKNOWN_COMMAND');
  });

  it('rejects an unknown flag and lists the accepted ones', async () => {
    expectUsageError(await runCli(['recommend', '--diretion', 'x']), /Unknown flag --diretion .*Did you mean --direction\?.*Accepted: --direction/, 'CP_UNKNOWN_FLAG');
    expectUsageError(await runCli(['compare', '-x']), /Unknown flag -x/, 'CP_UNKNOWN_FLAG');
  });

  it('says which value a flag needs when it has none', async () => {
    expectUsageError(await runCli(['recommend', '--rate']), /--rate needs a value: <n>/, 'CP_MISSING_ARGUMENT');
    expectUsageError(await runCli(['recommend', '--direction', '--lossless']), /--direction needs a value/, 'CP_MISSING_ARGUMENT');
  });

  it('rejects a value on a boolean flag and stray arguments', async () => {
    expectUsageError(await runCli(['recommend', '--binary=yes']), /--binary takes no value/, 'CP_INVALID_VALUE');
    expectUsageError(await runCli(['compare', 'extra']), /Unexpected argument "extra"/, 'CP_INVALID_VALUE');
  });

  it('lists each missing answer with its values when nobody can be asked', async () => {
    const result = await runCli(['recommend']);
    expectUsageError(result, /Missing answers/, 'CP_MISSING_ANSWERS');
    expect(result.stderr).toContain('--direction bidirectional|server-to-client|client-to-server');
    expect(result.stderr).toContain('--peer browser|service|public;');
    expect(result.stderr).toContain('--rate <n> (when --direction server-to-client)');
    expectUsageError(await runCli(['recommend', '--direction', 'bidirectional']), /Missing answers.*--peer browser\|service\|public\./, 'CP_MISSING_ANSWERS');
    expectUsageError(await runCli(['recommend', '--direction', 'client-to-server']), /Missing answers.*--peer browser\|service\|public\./, 'CP_MISSING_ANSWERS');
  });

  it('rejects an unknown protocol for explain', async () => {
    expectUsageError(await runCli(['explain', 'mqtt']), /Unknown protocol "mqtt"\. Accepted: websocket, sse, grpc, http/, 'CP_INVALID_VALUE');
    expectUsageError(await runCli(['explain']), /explain needs a protocol/, 'CP_MISSING_ARGUMENT');
  });
});

describe('global flags', () => {
  it('work before the command and in --flag=value form', async () => {
    const result = await runCli(['--no-color', 'compare', '--color=false'], { env: { FORCE_COLOR: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Feature');
    // eslint-disable-next-line no-control-regex
    expect(result.stdout).not.toMatch(/\u001b\[/);
    expect((await runCli(['-v', 'compare'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('stop at --', async () => {
    const result = await runCli(['explain', '--', '--version']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown protocol "--version"');
  });
});

describe('a reader that goes away', () => {
  it('is not an error: output into a closed pipe exits quietly', async () => {
    const { spawn } = await import('node:child_process');
    const { binPath } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [binPath, 'explain', 'grpc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('without a terminal', () => {
  it('does not wait for input: it says how to pass answers and exits 2 while stdin stays open', async () => {
    // stdin stays open: a pipe that never ends, as in CI or under another program. A CLI waiting
    // on it is killed at the timeout and fails the usage-error check; how fast it exits is the
    // cold-start benchmark's business (npm run bench:cli), not a timed test's on a shared machine.
    const result = await runCli([], { timeoutMs: 15_000 });
    expectUsageError(result, /No terminal to ask questions on\. Pass the answers as flags/, 'CP_MISSING_ANSWERS');
  });

  it('does not prompt on a closed stdin either, nor in CI', async () => {
    expect((await runCli([], { input: '' })).code).toBe(2);
    expect((await runCli(['recommend'], { env: { CI: 'true' } })).code).toBe(2);
  });

  it('says so in one line when the current folder was deleted, and still recommends', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'choose-protocol-gone-'));
    try {
      const inDeletedFolder = (...args: string[]) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          // The shell enters the folder and removes it, as another terminal would, then runs us there.
          const child = spawn('sh', ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', join(parent, 'gone'), process.execPath, binPath, ...args], { env: cleanEnv() });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
      await mkdir(join(parent, 'gone'));
      const init = await inDeletedFolder('init', 'sse', 'app');
      expect(init.code).toBe(1);
      expect(init.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(init.stderr).toContain('The current folder no longer exists');
      expect(init.stderr).toContain('[CP_TARGET_UNUSABLE]');
      await mkdir(join(parent, 'gone'));
      const recommend = await inDeletedFolder('recommend', '--direction', 'bidirectional', '--peer', 'browser', '--json');
      expect(recommend.code, recommend.stderr).toBe(0);
      expect(JSON.parse(recommend.stdout)).toHaveProperty('recommendation.id', 'websocket');
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
