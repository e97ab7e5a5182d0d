import type { AnswerKey, Answers } from '../src/decision/answers.js';
import { parseAnswers } from '../src/decision/parse-answer.js';
import { questionFor } from '../src/decision/questions.js';
import type { MissingAnswer } from '../src/decision/walk.js';
import { UsageError } from '../src/errors.js';
import type { ParsedArgs } from './args.js';
import { describeValue } from './args.js';
import { answerFlags } from './commands.js';

/** The answers given on the command line, validated. */
export function answersFromFlags(args: ParsedArgs): Answers {
  const f = args.flags;
  const text = (name: string) => (typeof f[name] === 'string' ? (f[name] as string) : undefined);
  const bool = (name: string) => (typeof f[name] === 'boolean' ? (f[name] as boolean) : undefined);
  return parseAnswers({
    direction: text('direction'),
    peer: text('peer'),
    rate: text('rate'),
    binary: bool('binary'),
    strictProxy: bool('strict-proxy'),
    lossless: bool('lossless'),
    latestWins: bool('latest-wins'),
    callbacks: bool('callbacks'),
    protobuf: bool('protobuf'),
    agents: bool('agents'),
    watch: bool('watch'),
    devices: bool('devices'),
  });
}

function flagFor(key: AnswerKey): string {
  const flag = questionFor(key).flag;
  const spec = answerFlags.find((a) => `--${a.name}` === flag);
  return spec ? `${flag} ${describeValue(spec)}` : flag;
}

/** The one-line error for answers missing when nobody can be asked. */
export function missingAnswersError(missing: readonly MissingAnswer[]): UsageError {
  const list = missing.map((m) => (m.onlyIf ? `${flagFor(m.key)} (when ${m.onlyIf})` : flagFor(m.key))).join('; ');
  return new UsageError(
    'CP_MISSING_ANSWERS',
    `Missing answers, and nobody to ask (no terminal, or --json): ${list}. Example: choose-protocol recommend --direction server-to-client --peer browser --rate 20 --json`,
  );
}
