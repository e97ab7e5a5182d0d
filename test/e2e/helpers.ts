import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath, cleanEnv } from '../helpers/cli.js';
import { installedPackage } from '../helpers/packed.js';

/** What a user does: run a command in a folder and wait for it; the output is kept for errors. */
export function run(command: string, args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}, timeoutMs = 300_000): Promise<{ code: number | null; output: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, stdout });
    });
  });
}

export async function expectSuccess(command: string, args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code} in ${cwd}:\n${result.output.slice(-6000)}`);
  return result.output;
}

export async function makeTempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `choose-protocol-e2e-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** What the starter's README promises works straight after scaffolding. */
export async function installTestTypecheck(dir: string, { installed = false } = {}): Promise<void> {
  if (!installed) await expectSuccess('npm', ['install', '--no-audit', '--no-fund'], dir);
  await expectSuccess('npm', ['test'], dir);
  await expectSuccess('npm', ['run', 'typecheck'], dir);
}

/** Scaffolds through the built CLI, exactly as `npx choose-protocol init` would. */
export async function scaffold(template: string, parent: string, directory: string, extra: string[] = []): Promise<string> {
  return (await scaffoldReport(template, parent, directory, extra)).directory;
}

export interface InitReport {
  directory: string;
  files: string[];
  installed: boolean;
  git: boolean;
}

/**
 * The same, returning init's whole --json report. Extra output (npm's) goes to stderr. The
 * installed package's CLI when the environment names one (CI: the templates as the tarball ships
 * them), else the clone's build.
 */
export async function scaffoldReport(template: string, parent: string, directory: string, extra: string[] = []): Promise<InitReport> {
  const result = await run(process.execPath, [installedPackage()?.binPath ?? binPath, 'init', template, directory, '--json', ...extra], parent);
  if (result.code !== 0) throw new Error(`init ${template} exited ${result.code}:\n${result.output}`);
  return JSON.parse(result.stdout) as InitReport;
}

export interface StartedServer {
  port: number;
  /** The whole log so far. */
  log(): string;
  /** SIGTERM to the process group (as a terminal or supervisor sends it); resolves once every process in it has closed its output. */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/**
 * `npm start` in its own process group, waiting for the starter's one log line and reading the
 * port from it.
 */
export function npmStart(cwd: string, env: Record<string, string>, portPattern: RegExp, timeoutMs = 120_000): Promise<StartedServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('npm', ['start'], { cwd, env: cleanEnv(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('close', (code, signal) => done({ code, signal })));
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`npm start printed no address within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = portPattern.exec(log);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
      resolve({
        port: Number(match[1]),
        log: () => log,
        terminate: async () => {
          const started = performance.now();
          process.kill(-child.pid!, 'SIGTERM');
          const result = await Promise.race([
            exited,
            new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`npm start did not exit within 10 s of SIGTERM:\n${log}`)), 10_000)),
          ]);
          return { ...result, ms: performance.now() - started };
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before printing an address:\n${log}`));
    });
  });
}

/** True when nothing listens on the port any more. */
export async function portClosed(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
