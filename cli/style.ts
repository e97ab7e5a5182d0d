/**
 * Colour without a dependency: a handful of SGR codes, switched on or off once per run.
 * Precedence: --no-color, then --color, then NO_COLOR, then FORCE_COLOR, then "is stdout a TTY".
 */

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

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

export function createStyle(enabled: boolean): Style {
  return enabled
    ? { enabled, bold: sgr(1, 22), dim: sgr(2, 22), green: sgr(32, 39), yellow: sgr(33, 39), red: sgr(31, 39), cyan: sgr(36, 39) }
    : { enabled, bold: plain, dim: plain, green: plain, yellow: plain, red: plain, cyan: plain };
}

/** Visible width of a string: escape codes take no room. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}
