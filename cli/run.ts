import { CancelledError, UsageError, isChooseProtocolError, type ErrorKind } from '../src/errors.js';
import { closest, parseArgs, type ParsedArgs } from './args.js';
import { commands, globalFlags, namedCommands, type CommandName } from './commands.js';
import compare from './commands/compare.js';
import demo from './commands/demo.js';
import explain from './commands/explain.js';
import questionnaire from './commands/questionnaire.js';
import recommend from './commands/recommend.js';
import { outputWidth, type Context } from './context.js';
import { commandHelp, toolHelp } from './help.js';
import { errorJson, wantsJson } from './json-errors.js';
import { colorEnabled, createStyle, type Style } from './style.js';
import { packageVersion } from './version.js';

/** The exit codes, in one place: 0 ok, 1 failure, 2 usage error, 130 cancelled. */
export const exitCodes: Record<ErrorKind | 'ok', number> = { ok: 0, failure: 1, usage: 2, cancelled: 130 };

/** Global flags may also come before the command: `choose-protocol --no-color compare`. */
function isGlobalFlag(arg: string): boolean {
  return ['-h', '-v'].includes(arg) || globalFlags.some((f) => arg === `--${f.name}` || arg === `--no-${f.name}` || arg.startsWith(`--${f.name}=`));
}

/** Finds the command: the first argument after any leading global flags, if it names one. */
function route(argv: readonly string[]): { command: CommandName; argv: string[] } {
  let i = 0;
  while (i < argv.length && isGlobalFlag(argv[i]!)) i++;
  const first = argv[i];
  if (first === undefined || first.startsWith('-')) return { command: 'questionnaire', argv: [...argv] };
  if ((namedCommands as readonly string[]).includes(first)) {
    return { command: first as CommandName, argv: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  const guess = closest(first, namedCommands);
  throw new UsageError(
    'CP_UNKNOWN_COMMAND',
    `Unknown command "${first}".${guess ? ` Did you mean "${guess}"?` : ''} Commands: ${namedCommands.join(', ')} (or none, for the questionnaire).`,
  );
}

/**
 * The one error boundary: runs a command and turns what it throws into a message and an exit
 * code. User errors get one line, never a stack trace; anything unexpected is reported as a bug.
 * With --json the same error is one JSON object on stdout instead (a bug's stack still goes to
 * stderr, for the report).
 */
export async function run(ctx: Context): Promise<number> {
  const json = wantsJson(ctx.argv);
  // Until the flags are parsed, errors follow --[no-]color as written (so a parse error honours
  // it too), else the environment's colour preference.
  let errorStyle = createStyle(colorEnabled(ctx, rawColorFlag(ctx.argv), ctx.stderr));
  try {
    const { command, argv } = route(ctx.argv);
    const args = parseArgs(argv, commands[command], globalFlags);
    const color = typeof args.flags.color === 'boolean' ? args.flags.color : undefined;
    errorStyle = createStyle(colorEnabled(ctx, color, ctx.stderr));
    await dispatch(ctx, command, args, createStyle(colorEnabled(ctx, color, ctx.stdout)));
    return exitCodes.ok;
  } catch (error) {
    if (isPromptCancel(error) || error instanceof CancelledError) {
      const message = error instanceof CancelledError ? error.message : 'Cancelled.';
      if (json) ctx.stdout.write(errorJson('CP_CANCELLED', message, exitCodes.cancelled));
      else ctx.stderr.write(`${errorStyle.dim(message)}\n`);
      return exitCodes.cancelled;
    }
    if (isChooseProtocolError(error)) {
      if (json) ctx.stdout.write(errorJson(error.code, error.message, exitCodes[error.kind]));
      else ctx.stderr.write(`${errorStyle.red('error')} ${error.message} ${errorStyle.dim(`[${error.code}]`)}\n`);
      return exitCodes[error.kind];
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const message = error instanceof Error ? error.message : String(error);
    if (json) ctx.stdout.write(errorJson('CP_INTERNAL', `Unexpected error (a bug in choose-protocol; please report it): ${message}`, exitCodes.failure));
    ctx.stderr.write(`${errorStyle.red('Unexpected error')} (this is a bug in choose-protocol; please report it):\n${detail}\n`);
    return exitCodes.failure;
  }
}

/** Inquirer rejects with ExitPromptError when the user presses Ctrl-C at a prompt. */
function isPromptCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

async function dispatch(ctx: Context, command: CommandName, args: ParsedArgs, style: Style): Promise<void> {
  if (args.flags.version === true) {
    ctx.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const spec = commands[command];
  if (args.flags.help === true) {
    if (command === 'questionnaire') ctx.stdout.write(toolHelp(packageVersion(), style, outputWidth(ctx)));
    else ctx.stdout.write(commandHelp(spec, style, outputWidth(ctx)));
    return;
  }
  if (args.positionals.length > spec.args.length) {
    const extra = args.positionals.slice(spec.args.length).map((p) => `"${p}"`).join(', ');
    throw new UsageError('CP_INVALID_VALUE', `Unexpected argument ${extra} for ${spec.usage.split(' [')[0]}.`);
  }
  // The bundle (scripts/build.mjs) puts the small commands in bin.js: one file read, no chunk
  // round trips. init, with its scaffolder and child processes, stays a chunk of its own, as do
  // bench and the prompts (cli/prompts.ts).
  const handlers: Record<CommandName, () => Promise<(ctx: Context, args: ParsedArgs, style: Style) => Promise<void>>> = {
    questionnaire: async () => questionnaire,
    recommend: async () => recommend,
    explain: async () => explain,
    compare: async () => compare,
    init: async () => (await import('./commands/init.js')).default,
    // The command is small and in bin.js (as a chunk it split errors.ts out of bin.js into a
    // chunk of its own: one more file read on every start); the demo server it starts is a
    // separate bundle (dist/live-demos/server.js) that only this command ever loads.
    demo: async () => demo,
    // The harness, its histograms and child-process plumbing load only for a bench run.
    bench: async () => (await import('./commands/bench.js')).default,
  };
  await (await handlers[command]())(ctx, args, style);
}

/** The last --color / --no-color / --color=true|false before `--`, read before parsing. */
function rawColorFlag(argv: readonly string[]): boolean | undefined {
  let color: boolean | undefined;
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg === '--color' || arg === '--color=true') color = true;
    else if (arg === '--no-color' || arg === '--color=false') color = false;
  }
  return color;
}
