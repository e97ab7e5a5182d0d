import { describeValue } from './args.js';
import { wrap } from './render/wrap.js';
import type { CommandSpec, FlagSpec } from './commands.js';
import { commands, globalFlags, namedCommands } from './commands.js';
import type { Style } from './style.js';

function flagLabel(flag: FlagSpec): string {
  const long = flag.negatable ? `--[no-]${flag.name}` : `--${flag.name}`;
  const name = flag.short ? `-${flag.short}, ${long}` : long;
  return flag.type === 'string' ? `${name} ${flag.value ?? '<value>'}` : name;
}

function flagRow(flag: FlagSpec): [string, string] {
  return [flagLabel(flag), flag.choices ? `${flag.description}: ${describeValue(flag)}` : flag.description];
}

/** Two columns, the right one wrapped under itself to fit the width. */
function columns(rows: readonly [string, string][], style: Style, width: number): string[] {
  const left = Math.max(...rows.map(([l]) => l.length));
  const room = Math.max(20, width - left - 4);
  return rows.flatMap(([l, r]) =>
    wrap(r, room).map((line, i) => `  ${i === 0 ? style.bold(l.padEnd(left)) : ' '.repeat(left)}  ${line}`),
  );
}

export function toolHelp(version: string, style: Style, width: number): string {
  const main = commands.questionnaire;
  return [
    ...wrap(`${style.bold('choose-protocol')} ${version}: pick WebSocket, SSE, gRPC streaming or plain HTTP, then scaffold a tested starter.`, width),
    '',
    `${style.bold('Usage')}`,
    `  ${main.usage}`,
    '  choose-protocol <command> [flags]',
    '',
    `${style.bold('Commands')}`,
    ...columns(
      [['(none)', main.summary] as [string, string], ...namedCommands.map((name): [string, string] => [name, commands[name].summary])],
      style,
      width,
    ),
    '',
    `${style.bold('Answer flags')} (for the questionnaire and recommend)`,
    ...columns(main.flags.filter((f) => f.name !== 'help').map(flagRow), style, width),
    '',
    `${style.bold('Global flags')}`,
    ...columns(globalFlags.map(flagRow), style, width),
    '',
    ...wrap('Without a terminal nothing is asked: pass the answers as flags. Run `choose-protocol <command> --help` for details.', width),
    'Exit codes: 0 ok, 1 failure, 2 usage error, 130 cancelled.',
    '',
  ].join('\n');
}

export function commandHelp(spec: CommandSpec, style: Style, width: number): string {
  const lines = [`${style.bold('Usage')}`, `  ${spec.usage}`, '', ...wrap(`${spec.summary}.`, width), ''];
  if (spec.args.length > 0) {
    lines.push(style.bold('Arguments'), ...columns(spec.args.map((a): [string, string] => [a.required ? `<${a.name}>` : `[${a.name}]`, a.description]), style, width), '');
  }
  lines.push(style.bold('Flags'), ...columns(spec.flags.map(flagRow), style, width), '');
  lines.push(style.bold('Examples'), ...spec.examples.map((e) => `  ${e}`), '');
  return lines.join('\n');
}
