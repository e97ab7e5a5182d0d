import compare from './commands/compare.js';
import demo from './commands/demo.js';
import explain from './commands/explain.js';
import questionnaire from './commands/questionnaire.js';
import recommend from './commands/recommend.js';
import type { ParsedArgs } from './args.js';
import type { CommandName } from './commands.js';
import type { Context } from './context.js';
import type { Style } from './style.js';

/**
 * Every command but init, in one module that bin.js loads only when a command runs: the bundle
 * (scripts/build.mjs) makes it one chunk, so --help and --version parse none of the engine, the
 * catalogue or the renderers, and a command costs one more file read, not one per module (the
 * splitting that one chunk per command gave cost more than it saved; see the README's figures).
 * init, with its scaffolder and child processes, stays a chunk of its own, as do the prompts.
 */
export const handlers: Record<CommandName, () => Promise<(ctx: Context, args: ParsedArgs, style: Style) => Promise<void>>> = {
  questionnaire: async () => questionnaire,
  recommend: async () => recommend,
  explain: async () => explain,
  compare: async () => compare,
  init: async () => (await import('./commands/init.js')).default,
  // Small, so it rides in this chunk; the demo server it starts is a separate bundle
  // (dist/live-demos/server.js) that only this command ever loads.
  demo: async () => demo,
  // The harness, its histograms and child-process plumbing load only for a bench run.
  bench: async () => (await import('./commands/bench.js')).default,
};
