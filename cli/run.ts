import { CancelledError, UsageError, isChooseProtocolError, type ErrorKind } from '../src/errors.js';
import { closest, type ParsedArgs } from './args.js';
import { commands, globalFlags, namedCommands, type CommandName } from './commands.js';
import { outputWidth, type Context } from './context.js';
import { colorEnabled, createStyle, type Style } from './style.js';

/** The exit codes, in one place: 0 ok, 1 failure, 2 usage error, 130 cancelled. */
export const exitCodes: Record<ErrorKind | 'ok', number> = { ok: 0, failure: 1, usage: 2, cancelled: 130 };

export interface Invocation {
  command: CommandName;
  argv: string[];
  style: Style;
}

/** Splits global flags from the command and its arguments. */
function route(ctx: Context): Invocation | 'version' {
  let color: boolean | undefined;
  const rest: string[] = [];
  let version = false;
  for (const arg of ctx.argv) {
    if (arg === '--no-color') color = false;
    else if (arg === '--color') color = true;
    else if (arg === '--version' || arg === '-v') version = true;
    else rest.push(arg);
  }
  const style = createStyle(colorEnabled(ctx, color));
  if (version) return 'version';

  const first = rest[0];
  if (first === undefined || first.startsWith('-')) return { command: 'questionnaire', argv: rest, style };
  if ((namedCommands as readonly string[]).includes(first)) {
    return { command: first as CommandName, argv: rest.slice(1), style };
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
 */
export async function run(ctx: Context): Promise<number> {
  let style = createStyle(false);
  try {
    const invocation = route(ctx);
    if (invocation === 'version') {
      const { packageVersion } = await import('./version.js');
      ctx.stdout.write(`${packageVersion()}\n`);
      return exitCodes.ok;
    }
    style = invocation.style;
    await dispatch(ctx, invocation);
    return exitCodes.ok;
  } catch (error) {
    if (isPromptCancel(error) || error instanceof CancelledError) {
      ctx.stderr.write(`${style.dim(error instanceof CancelledError ? error.message : 'Cancelled.')}\n`);
      return exitCodes.cancelled;
    }
    if (isChooseProtocolError(error)) {
      ctx.stderr.write(`${style.red('error')} ${error.message} ${style.dim(`[${error.code}]`)}\n`);
      return exitCodes[error.kind];
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    ctx.stderr.write(`${style.red('Unexpected error')} (this is a bug in choose-protocol; please report it):\n${detail}\n`);
    return exitCodes.failure;
  }
}

/** Inquirer rejects with ExitPromptError when the user presses Ctrl-C at a prompt. */
function isPromptCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

async function dispatch(ctx: Context, invocation: Invocation): Promise<void> {
  const { parseArgs } = await import('./args.js');
  const spec = commands[invocation.command];
  const args = parseArgs(invocation.argv, spec, globalFlags.filter((f) => f.name === 'help'));
  if (args.flags.help === true) {
    const { commandHelp, toolHelp } = await import('./help.js');
    if (invocation.command === 'questionnaire') {
      const { packageVersion } = await import('./version.js');
      ctx.stdout.write(toolHelp(packageVersion(), invocation.style, outputWidth(ctx)));
    } else ctx.stdout.write(commandHelp(spec, invocation.style, outputWidth(ctx)));
    return;
  }
  const maxArgs = spec.args.length;
  if (args.positionals.length > maxArgs) {
    const extra = args.positionals.slice(maxArgs).map((p) => `"${p}"`).join(', ');
    throw new UsageError('CP_INVALID_VALUE', `Unexpected argument ${extra} for ${spec.usage.split(' [')[0]}.`);
  }
  const handlers: Record<CommandName, () => Promise<{ default: (ctx: Context, args: ParsedArgs, style: Style) => Promise<void> }>> = {
    questionnaire: () => import('./commands/questionnaire.js'),
    recommend: () => import('./commands/recommend.js'),
    explain: () => import('./commands/explain.js'),
    compare: () => import('./commands/compare.js'),
    init: () => import('./commands/init.js'),
  };
  const handler = await handlers[invocation.command]();
  await handler.default(ctx, args, invocation.style);
}
