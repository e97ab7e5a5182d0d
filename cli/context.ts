import type { Readable, Writable } from 'node:stream';
import { OperationError } from '../src/errors.js';

/**
 * Everything a command touches outside its arguments, passed in so tests can run commands
 * in-process with their own streams, environment and directory (create-astro's habit).
 */
export interface Context {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  /** May we ask questions? Only with a terminal on both ends and outside CI. */
  interactive: boolean;
}

export function isTruthyEnv(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export function createContext(argv: readonly string[]): Context {
  const { stdout, stderr, env } = process;
  return {
    argv,
    // Read when a command needs it (init), so that from a folder deleted under the shell
    // `recommend` still works and init fails with one clear line instead of Node's stack.
    get cwd() {
      try {
        return process.cwd();
      } catch (error) {
        throw new OperationError('CP_TARGET_UNUSABLE', 'The current folder no longer exists (was it deleted?): cd into a folder that exists and run again.', { cause: error });
      }
    },
    env,
    // Read when a prompt needs it: process.stdin builds a stream (a socket for a pipe or a
    // terminal, loading net) that a run which never asks anything has no use for (cold start).
    get stdin() {
      return process.stdin;
    },
    stdout,
    stderr,
    // stdout first: output into a pipe or a file is never interactive, whatever stdin is, so
    // stdin's stream is built only when stdout is a terminal (whose stream loaded tty already).
    interactive: Boolean(stdout.isTTY && process.stdin.isTTY) && !isTruthyEnv(env.CI),
  };
}

/** The width to fit output to: the terminal's, else $COLUMNS, else 80. */
export function outputWidth(ctx: Context): number {
  const fromEnv = Number(ctx.env.COLUMNS);
  const width = ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
  return Math.max(20, Math.min(width, 120));
}
