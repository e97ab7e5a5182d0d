import { createRequire } from 'node:module';
import type measure from 'string-width';

// eslint-disable-next-line no-control-regex
const sgr = /\u001b\[[0-9;]*m/g;

/**
 * Text that string-width would measure as one column per code point: printable ASCII and
 * Latin-1 (not the soft hyphen), general punctuation (dashes, quotes, •, …), arrows, box drawing,
 * and the marks ✓ ✗ ⚠. None of these joins its neighbours into a wider cluster; anything that
 * could (a variation selector, a joiner, a combining mark) is outside the set. A test checks every
 * code point here against string-width itself.
 */
export const narrowText = /^[\x20-\x7e\xa0-\xac\xae-\xff\u2010-\u2027\u2190-\u21ff\u2500-\u257f\u26a0\u2713\u2717]*$/;

let stringWidth: ((text: string) => number) | undefined;

/**
 * Columns a string takes on a terminal: escape codes take none, CJK characters and emoji two,
 * combining marks and zero-width joiners none (string-width's reading of Unicode's tables).
 * Text in `narrowText`, all that our own data prints, is counted here: string-width builds an
 * Intl.Segmenter as it loads, and the first one costs tens of milliseconds of ICU start-up,
 * more than the rest of `--help` or `compare` together.
 */
export function visibleLength(text: string): number {
  const plain = text.includes('\u001b') ? text.replace(sgr, '') : text;
  if (narrowText.test(plain)) return plain.length;
  stringWidth ??= loadStringWidth();
  return stringWidth(plain);
}

/**
 * Loads string-width on first need, synchronously: require() of an ES module works on every
 * Node this package supports (^20.19 || >=22.12). In the bundle, esbuild turns the plain
 * require() into a module that runs only when called; unbundled (tests) it is Node's own.
 */
function loadStringWidth(): (text: string) => number {
  /* eslint-disable @typescript-eslint/no-require-imports -- a lazy, synchronous load, see above */
  const loaded = (typeof require === 'function' ? require('string-width') : createRequire(import.meta.url)('string-width')) as { default: typeof measure };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded.default;
}
