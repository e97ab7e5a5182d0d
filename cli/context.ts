import type { Readable, Writable } from 'node:stream';

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
  const { stdin, stdout, stderr, env } = process;
  return {
    argv,
    cwd: process.cwd(),
    env,
    stdin,
    stdout,
    stderr,
    interactive: Boolean(stdin.isTTY && stdout.isTTY) && !isTruthyEnv(env.CI),
  };
}

/** The width to fit output to: the terminal's, else $COLUMNS, else 80. */
export function outputWidth(ctx: Context): number {
  const fromEnv = Number(ctx.env.COLUMNS);
  const width = ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
  return Math.max(20, Math.min(width, 120));
}
