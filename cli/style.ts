/**
 * Colour through chalk, switched on or off once per run by our own rules, not chalk's: its
 * auto-detection (supports-color) reads process.argv and the environment by itself, so every
 * instance gets an explicit level from `colorEnabled`.
 * Precedence: --no-color, then --color, then NO_COLOR, then FORCE_COLOR, then "is that stream a
 * terminal" (and TERM is not dumb).
 */

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

/** chalk's constructor, once `loadStyle` has loaded it. */
let Chalk: (new (options?: Options) => ChalkInstance) | undefined;

/**
 * The style for a stream, loading chalk first when colour is on: a run into a pipe or with
 * --json never reads or parses it. A dynamic import, so the bundle (scripts/build.mjs) makes
 * chalk a chunk of its own instead of code every start-up parses.
 */
export async function loadStyle(enabled: boolean): Promise<Style> {
  if (enabled) Chalk ??= (await import('chalk')).Chalk;
  return createStyle(enabled);
}

/** The style, once `loadStyle` has loaded chalk if colour is on. */
export function createStyle(enabled: boolean): Style {
  if (!enabled) return { enabled, bold: plain, dim: plain, green: plain, yellow: plain, red: plain, cyan: plain };
  if (!Chalk) throw new Error('createStyle(true) before loadStyle(true) loaded chalk');
  // Level 1 (the 16 basic colours) is all we paint with, and every colour terminal has it.
  const chalk = new Chalk({ level: 1 });
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
