import type { AnswerKey, Answers } from './answers.js';
import { departureFor, type Departure } from './departures.js';
import type { OutcomeId } from './outcomes.js';
import { missingTreeAnswers, walk, type MissingAnswer, type Step } from './walk.js';

/**
 * Asked on every path, whatever the article's tree needs: who is on the other end decides
 * whether the tree's leaf can serve them (browsers cannot open gRPC streams, a public API's
 * clients share no generated code), so the engine will not guess it.
 */
export const alwaysAsked = ['direction', 'peer'] as const satisfies readonly AnswerKey[];

export interface Decision {
  /** The article's bare tree's leaf for these answers. */
  article: OutcomeId;
  /** Ours: the article's leaf, unless a departure rule says it cannot serve these answers. */
  outcome: OutcomeId;
  departure: Departure | undefined;
  path: readonly Step[];
}

/** The outcome for complete answers, or undefined while any needed answer is missing. */
export function decide(answers: Answers): Decision | undefined {
  if (alwaysAsked.some((key) => answers[key] === undefined)) return undefined;
  const result = walk(answers);
  if (!result.done) return undefined;
  const departure = departureFor(result.outcome, answers);
  return { article: result.outcome, outcome: departure?.to ?? result.outcome, departure, path: result.path };
}

/**
 * Every answer still needed, in the order they are asked: the ones asked on every path first,
 * then what the tree needs below them (with the branch that needs it, when that is not known).
 */
export function missingAnswers(answers: Answers): MissingAnswer[] {
  const always: MissingAnswer[] = alwaysAsked.filter((key) => answers[key] === undefined).map((key) => ({ key }));
  const tree = missingTreeAnswers(answers).filter((m) => !always.some((a) => a.key === m.key));
  return [...always, ...tree];
}

/** The next question to ask, or undefined once the engine can decide. */
export function nextQuestion(answers: Answers): AnswerKey | undefined {
  return missingAnswers(answers).find((m) => m.onlyIf === undefined)?.key;
}
