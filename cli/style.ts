/**
 * Colour through chalk, switched on or off once per run by our own rules, not chalk's: its
 * auto-detection (supports-color) reads process.argv and the environment by itself, so every
 * instance gets an explicit level from `colorEnabled`.
 * Precedence: --no-color, then --color, then NO_COLOR, then FORCE_COLOR, then "is that stream a
 * terminal" (and TERM is not dumb).
 */

import { createRequire } from 'node:module';
import type { ChalkInstance, Options } from 'chalk';
import { isTruthyEnv, type Context } from './context.js';

export interface Style {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

/** Whether to colour what goes to `stream` (stdout by default). */
export function colorEnabled(ctx: Context, flag: boolean | undefined, stream: { isTTY?: boolean } = ctx.stdout): boolean {
  if (flag !== undefined) return flag;
  if (ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '') return false;
  // Node's convention: FORCE_COLOR set to anything but 0/false (even empty) forces colour.
  if (ctx.env.FORCE_COLOR !== undefined) return ctx.env.FORCE_COLOR === '' || isTruthyEnv(ctx.env.FORCE_COLOR);
  return Boolean(stream.isTTY) && ctx.env.TERM !== 'dumb';
}

const plain = (text: string) => text;

export function createStyle(enabled: boolean): Style {
  if (!enabled) return { enabled, bold: plain, dim: plain, green: plain, yellow: plain, red: plain, cyan: plain };
  // Level 1 (the 16 basic colours) is all we paint with, and every colour terminal has it.
  const chalk = new (loadChalk())({ level: 1 });
  return {
    enabled,
    bold: (text) => chalk.bold(text),
    dim: (text) => chalk.dim(text),
    green: (text) => chalk.green(text),
    yellow: (text) => chalk.yellow(text),
    red: (text) => chalk.red(text),
    cyan: (text) => chalk.cyan(text),
  };
}

/**
 * chalk loads only when colour is on: a run into a pipe or with --json never pays for it. Loaded
 * synchronously, like string-width (cli/render/width.ts): require() of an ES module works on
 * every Node this package supports, and esbuild bundles a plain require() as a lazy module.
 */
function loadChalk(): new (options?: Options) => ChalkInstance {
  /* eslint-disable @typescript-eslint/no-require-imports -- a lazy, synchronous load, see above */
  const loaded = (typeof require === 'function' ? require('chalk') : createRequire(import.meta.url)('chalk')) as { Chalk: new (options?: Options) => ChalkInstance };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded.Chalk;
}
