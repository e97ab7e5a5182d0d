import type { ParsedArgs } from './args.js';
import type { CommandName } from './commands.js';
import type { Context } from './context.js';
import type { Style } from './style.js';

type Handler = (ctx: Context, args: ParsedArgs, style: Style) => Promise<void>;

/**
 * Each command's code, loaded only when that command runs, so --help, --version and usage errors
 * parse none of it. Each import here is one file of the bundle (scripts/build.mjs): the engine's
 * commands, the catalogue's, init with its scaffolder, and bench with its harness.
 */
export const handlers: Record<CommandName, () => Promise<Handler>> = {
  questionnaire: async () => (await import('./engine-commands.js')).questionnaire,
  recommend: async () => (await import('./engine-commands.js')).recommend,
  explain: async () => (await import('./catalogue-commands.js')).explain,
  compare: async () => (await import('./catalogue-commands.js')).compare,
  // Its demo server is a separate bundle (dist/live-demos/server.js) that only it ever loads.
  demo: async () => (await import('./catalogue-commands.js')).demo,
  init: async () => (await import('./commands/init.js')).default,
  // The harness, its histograms and child-process plumbing load only for a bench run.
  bench: async () => (await import('./commands/bench.js')).default,
};
