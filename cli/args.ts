import { UsageError } from '../src/errors.js';
import type { CommandSpec, FlagSpec } from './commands.js';

export interface ParsedArgs {
  flags: Record<string, string | boolean>;
  positionals: string[];
}

/**
 * A strict parser over a command's spec: `--flag value`, `--flag=value`, `--no-flag` for
 * negatable booleans, `--` to end flags. Anything else is a usage error naming what is accepted.
 */
export function parseArgs(argv: readonly string[], spec: CommandSpec, extra: readonly FlagSpec[] = []): ParsedArgs {
  const known = [...spec.flags, ...extra.filter((e) => !spec.flags.some((f) => f.name === e.name))];
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const short = /^-([a-zA-Z])$/.exec(arg)?.[1];
    const byShort = short === undefined ? undefined : known.find((f) => f.short === short);
    if (byShort) {
      flags[byShort.name] = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw unknownFlag(arg, spec, known);

    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    let flag = known.find((f) => f.name === name);
    let negated = false;
    if (!flag && name.startsWith('no-')) {
      flag = known.find((f) => f.name === name.slice(3) && f.negatable);
      negated = flag !== undefined;
    }
    if (!flag) throw unknownFlag(arg, spec, known);

    if (flag.type === 'boolean') {
      if (inline !== undefined && !negated && (inline === 'true' || inline === 'false')) flags[flag.name] = inline === 'true';
      else if (inline !== undefined) throw new UsageError('CP_INVALID_VALUE', `--${name} takes no value (got "${inline}").`);
      else flags[flag.name] = !negated;
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError('CP_MISSING_ARGUMENT', `--${flag.name} needs a value: ${describeValue(flag)}.`);
    }
    if (inline === undefined) i++;
    if (flag.choices && !flag.choices.includes(value)) {
      throw new UsageError('CP_INVALID_VALUE', `--${flag.name} must be one of ${flag.choices.join(', ')} (got "${value}").`);
    }
    flags[flag.name] = value;
  }
  return { flags, positionals };
}

export function describeValue(flag: FlagSpec): string {
  return flag.choices ? flag.choices.join('|') : (flag.value ?? '<value>');
}

function unknownFlag(arg: string, spec: CommandSpec, known: readonly FlagSpec[]): UsageError {
  const name = arg.replace(/^-+/, '').split('=')[0] ?? '';
  const names = [...new Set(known.map((f) => f.name))];
  const guess = closest(name, names);
  const where = spec.name === 'questionnaire' ? 'choose-protocol' : `choose-protocol ${spec.name}`;
  return new UsageError(
    'CP_UNKNOWN_FLAG',
    `Unknown flag ${arg.split('=')[0]} for ${where}.${guess ? ` Did you mean --${guess}?` : ''} Accepted: ${names.map((n) => `--${n}`).join(', ')}.`,
  );
}

/** The nearest name within two edits, to suggest on a typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(input, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
