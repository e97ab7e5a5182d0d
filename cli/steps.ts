import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CancelledError, OperationError } from '../src/errors.js';
import { installCommand, type PackageManager } from '../src/scaffold/package-manager.js';
import { track } from './children.js';

/**
 * The two steps after writing that run other programs. Their output goes to stderr so that
 * stdout stays clean for --json.
 */

function runProgram(command: string, args: readonly string[], cwd: string, echo = true): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // npm, pnpm and yarn are .cmd scripts on Windows, which Node only runs through a shell.
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    track(child);
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (echo) process.stderr.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // Ctrl-C reaches the whole process group, so the program may end of it before our own
      // handler runs: that is the user cancelling (npm exits 130 on SIGINT), not a failure.
      if (signal === 'SIGINT' || code === 130) reject(new CancelledError(`Cancelled while ${command} was running: the files are written in ${cwd}.`));
      else resolve({ code, output });
    });
  });
}

export async function installDependencies(pm: PackageManager, cwd: string): Promise<void> {
  const [command, ...args] = installCommand(pm);
  const result = await runProgram(command!, args, cwd).catch((error: Error) => {
    if (error instanceof CancelledError) throw error;
    throw new OperationError('CP_INSTALL_FAILED', `Could not run ${command}: ${error.message}.`);
  });
  if (result.code !== 0) {
    throw new OperationError('CP_INSTALL_FAILED', `${[command, ...args].join(' ')} failed (exit ${result.code}). The files are written; fix the problem and run it again in ${cwd}.`);
  }
}

/**
 * git init + a first commit of the starter's files (only those: with --force the folder may hold
 * the user's own). Skipped, returning false, when the target is already a repository.
 */
export async function initGit(cwd: string, files: readonly string[], message: string): Promise<boolean> {
  if (existsSync(join(cwd, '.git'))) return false;
  const git = async (...args: string[]) => {
    const result = await runProgram('git', args, cwd).catch((error: Error) => {
      if (error instanceof CancelledError) throw error;
      throw new OperationError('CP_GIT_FAILED', `Could not run git: ${error.message}.`);
    });
    if (result.code !== 0) throw new OperationError('CP_GIT_FAILED', `git ${args.join(' ')} failed: ${result.output.trim().split('\n').pop() ?? ''}`);
    return result.output.trim();
  };
  // A first commit should not fail on a machine with no git identity; a configured one wins.
  const identity = await runProgram('git', ['config', 'user.email'], cwd, false).catch(() => ({ code: 1, output: '' }));
  const fallback = identity.code === 0 && identity.output.trim() ? [] : ['-c', 'user.name=choose-protocol', '-c', 'user.email=choose-protocol@users.noreply.github.com'];
  await git('init', '--quiet');
  await git('add', '--', ...files);
  await git(...fallback, 'commit', '--quiet', '--no-verify', '-m', message);
  return true;
}
