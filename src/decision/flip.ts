import { answerKeys, directions, peers, type AnswerKey, type Answers } from './answers.js';
import { decide } from './decide.js';
import { departures } from './departures.js';
import { rateThresholds, type Match } from './match.js';
import { outcomeIds, outcomes, type OutcomeId } from './outcomes.js';
import { directionQuestion, peerQuestion, questionFor } from './questions.js';
import type { Condition, DecisionNode } from './tree.js';
import { decisionTree } from './tree.js';

/**
 * "Which answers would flip the choice" is derived, not written by hand: among every answer set
 * that differs from the user's only in answers the tree or a departure rule reads, take those
 * that make the alternative the recommendation with the fewest changes. So a flip stays true
 * whatever the rules say, departures included.
 */

/** The tree's conditions as matches, so the rate lines of tree and departures read alike. */
function treeMatches(node: DecisionNode): Match[] {
  if (node.kind === 'outcome') return [];
  return node.branches.flatMap((b) => [asMatch(b.when), ...treeMatches(b.next)]);
}

function asMatch(condition: Condition): Match {
  if ('is' in condition) return { [condition.key]: condition.is } as Match;
  return { rate: 'above' in condition ? { above: condition.above } : { atMost: condition.atMost } };
}

const conditions = [...treeMatches(decisionTree), ...departures.map((d) => d.when)];
/** Where the advice can change with the rate: [0.1, 1, 10, 60, 100, 1000] today (60 only in caveats, not here). */
const thresholds = rateThresholds(conditions);
/** Only these answers can change the outcome; the others only add reasons and caveats. */
const deciding = answerKeys.filter((key) => conditions.some((c) => key in c));

/** The rate band a value falls in: 0 for "up to the first threshold", and so on. */
function band(rate: number): number {
  const index = thresholds.findIndex((t) => rate <= t);
  return index === -1 ? thresholds.length : index;
}

/**
 * The smallest sets of answer changes that make `alternative` the recommendation, the smallest
 * steps from the user's situation first: every single change, then every pair, and so on.
 * Empty when no answer leads there (gRPC client streaming, gRPC-Web, WebTransport).
 */
export function flipOptions(alternative: OutcomeId, answers: Answers): Partial<Answers>[] {
  // Outcomes that say in words what would make them right are the ones no answer reaches.
  if (outcomes[alternative].flipIf !== undefined) return [];
  const key = `${alternative}|${flipSignature(answers)}`;
  let found = flipsBySignature.get(key);
  if (!found) flipsBySignature.set(key, (found = searchFlips(alternative, answers)));
  return found.map((change) => ({ ...change }));
}

/**
 * The flips depend only on what the search reads: the deciding answers, the rate's band, and
 * for yes/no answers only whether they are "yes" (the other values it tries are the same for
 * "no" and "not answered"). Keeping them by that makes a recommendation cheap to repeat.
 */
const flipsBySignature = new Map<string, Partial<Answers>[]>();

function flipSignature(answers: Answers): string {
  return deciding
    .map((k) => {
      const value = answers[k];
      if (k === 'rate') return value === undefined ? '' : String(band(value as number));
      if (k === 'direction' || k === 'peer') return String(value);
      return value === true ? 'yes' : 'no';
    })
    .join('|');
}

/**
 * The values the search tries for each deciding answer, in the order flips are named: every
 * choice, "not answered" and then one rate per band, or no and yes ("no" and "not answered"
 * read the same to every rule).
 */
function levelsOf(key: AnswerKey): readonly unknown[] {
  if (key === 'direction') return directions;
  if (key === 'peer') return peers;
  if (key === 'rate') return [undefined, ...thresholds, thresholds.at(-1)! + 1];
  return [false, true];
}

const levels = deciding.map(levelsOf);

/** Where the user's answer sits among the levels; -1 for an unanswered choice, which any level changes. */
function levelOf(i: number, answers: Answers): number {
  const key = deciding[i]!;
  const value = answers[key];
  if (key === 'rate') return value === undefined ? 0 : 1 + band(value as number);
  if (key === 'direction' || key === 'peer') return levels[i]!.indexOf(value);
  return value === true ? 1 : 0;
}

/**
 * decide() depends only on the levels of the deciding answers, so its outcome is kept per
 * combination of levels, in one flat array indexed by the levels as a mixed-radix number: a
 * search decides each combination it meets at most once per process, and a scan of the whole
 * answer space (the tests) at most a few thousand times in all.
 */
const radix = levels.map((l) => l.length);
const known = new Int16Array(radix.reduce((a, b) => a * b, 1)).fill(-2);

/**
 * One answers object reused for every combination decide() is asked about, with every deciding
 * answer as a key in the same order: a fresh object per combination cost more than the decision
 * on a cold start (`recommend --json` decides a dozen or so). decide() keeps nothing of it.
 */
const probe: Record<string, unknown> = Object.fromEntries(deciding.map((key) => [key, undefined]));

function outcomeAt(vector: readonly number[]): OutcomeId | undefined {
  let index = 0;
  for (let i = 0; i < vector.length; i++) index = index * radix[i]! + vector[i]!;
  if (known[index] === -2) {
    for (let i = 0; i < vector.length; i++) probe[deciding[i]!] = levels[i]![vector[i]!];
    const outcome = decide(probe as Answers)?.outcome;
    known[index] = outcome === undefined ? -1 : outcomeIds.indexOf(outcome);
  }
  const id = known[index]!;
  return id < 0 ? undefined : outcomeIds[id];
}

/** The levels an answer could change to; a given rate can change band but not become unanswered. */
function otherLevels(i: number, current: number): number[] {
  const all = levels[i]!.map((_, level) => level).filter((level) => level !== current);
  return deciding[i] === 'rate' && current !== 0 ? all.filter((level) => level !== 0) : all;
}

/**
 * The smallest steps from the user's situation first: every single change, then every pair,
 * and so on, stopping at the first size that reaches the alternative. An unanswered choice has
 * no level, so leaving it unchanged never decides anything.
 *
 * The changes of one size are visited in place, on one vector, rather than listed first: the
 * answers to change in ascending order, and for each such set every combination of their other
 * levels, the last answer's level varying slowest and the first's fastest. That order is the one
 * flips are named in (the sort below keeps it among equally plausible ones), so keep it.
 */
function searchFlips(alternative: OutcomeId, answers: Answers): Partial<Answers>[] {
  const current = deciding.map((_, i) => levelOf(i, answers));
  const others = current.map((level, i) => otherLevels(i, level));
  const vector = [...current];
  const chosen: number[] = [];
  const found: Partial<Answers>[] = [];
  const unanswered = current.filter((level) => level === -1).length;

  /** Every combination of other levels for the chosen answers, from the last chosen one down. */
  const vary = (p: number): void => {
    if (p < 0) {
      if (outcomeAt(vector) !== alternative) return;
      const change: Record<string, unknown> = {};
      for (const i of chosen) change[deciding[i]!] = levels[i]![vector[i]!];
      found.push(change as Partial<Answers>);
      return;
    }
    const i = chosen[p]!;
    for (const level of others[i]!) {
      vector[i] = level;
      vary(p - 1);
    }
    vector[i] = current[i]!;
  };
  /** Every set of `left` more answers to change after `from`; each unanswered choice must be among them. */
  const pick = (from: number, left: number, missing: number): void => {
    if (left === 0) {
      if (missing === 0) vary(chosen.length - 1);
      return;
    }
    for (let i = from; i <= deciding.length - left; i++) {
      chosen.push(i);
      pick(i + 1, left - 1, current[i] === -1 ? missing - 1 : missing);
      chosen.pop();
    }
  };

  for (let size = Math.max(1, unanswered); size <= deciding.length; size++) {
    pick(0, size, unanswered);
    if (found.length > 0) return found.sort((a, b) => implausibility(a) - implausibility(b));
  }
  return [];
}

/**
 * How far a change is from the user's situation: a different rate or payload is a smaller step
 * than different traffic or a different kind of client, so those flips are named first.
 */
function implausibility(change: Partial<Answers>): number {
  return Object.keys(change).reduce((sum, key) => sum + (key === 'direction' || key === 'peer' ? 10 : 1), 0);
}

/** One changed answer as a hypothetical naming its flag: "the clients were web pages (--peer browser)". */
export function describeChange(key: AnswerKey, value: unknown): string {
  if (key === 'direction') return `${directionQuestion.choices.find((c) => c.value === value)!.wouldBe} (--direction ${String(value)})`;
  if (key === 'peer') return `${peerQuestion.choices.find((c) => c.value === value)!.wouldBe} (--peer ${String(value)})`;
  if (key === 'rate') return describeRateBands(band(value as number), band(value as number));
  const question = questionFor(key);
  if (question.kind !== 'boolean') throw new Error(`No phrase for answer "${key}"`);
  return value === true ? `${question.wouldBe} (${question.flag})` : `${question.wouldNotBe} (--no-${question.flag.slice(2)})`;
}

/** Rate bands `first` to `last` (adjacent) as one hypothetical. */
function describeRateBands(first: number, last: number): string {
  const low = thresholds[first - 1];
  const high = thresholds[last];
  if (low === undefined && high === undefined) return 'the rate were anything';
  // "there was one message a second or fewer", not "there were 1 messages": the rules draw lines
  // at 1 and at 0.1 (one message every ten seconds).
  if (low === undefined) return `there ${high! <= 1 ? 'was' : 'were'} ${perSecond(high!)} or fewer (--rate ${high} or less)`;
  if (high === undefined) return `there ${low <= 1 ? 'was' : 'were'} more than ${perSecond(low)} (--rate above ${low})`;
  if (low < 1) return `there was more than ${perSecond(low)} and at most ${high === 1 ? 'one a second' : `${high} a second`} (--rate above ${low}, up to ${high})`;
  return `there were more than ${low} and at most ${high} messages a second (--rate above ${low}, up to ${high})`;
}

/** A rate line in words: "one message a second", "one message every ten seconds", "10 messages a second". */
function perSecond(rate: number): string {
  if (rate === 1) return 'one message a second';
  if (rate < 1 && Number.isInteger(1 / rate)) return `one message every ${1 / rate === 10 ? 'ten' : 1 / rate} seconds`;
  return `${rate} messages a second`;
}

/**
 * The flip as a phrase: "the clients were web pages (--peer browser), or if …". Options that
 * differ only in adjacent rate bands read as one range.
 */
export function flipIf(alternative: OutcomeId, answers: Answers): string {
  const key = `${alternative}|${flipSignature(answers)}`;
  let phrase = phraseBySignature.get(key);
  if (phrase === undefined) phraseBySignature.set(key, (phrase = describeFlips(alternative, answers)));
  return phrase;
}

/** The phrase depends on the same things as the flips, so it is kept by the same signature. */
const phraseBySignature = new Map<string, string>();

function describeFlips(alternative: OutcomeId, answers: Answers): string {
  const found = flipOptions(alternative, answers);
  if (found.length === 0) return outcomes[alternative].flipIf ?? 'no answer leads here';
  const groups = new Map<string, { rest: [AnswerKey, unknown][]; bands: number[] }>();
  for (const change of found) {
    const rest = (Object.entries(change) as [AnswerKey, unknown][]).filter(([key]) => key !== 'rate');
    const id = JSON.stringify(rest);
    const group = groups.get(id) ?? { rest, bands: [] };
    if (change.rate !== undefined) group.bands.push(band(change.rate));
    groups.set(id, group);
  }
  return [...groups.values()]
    .flatMap(({ rest, bands }) => {
      const phrases = rest.map(([key, value]) => describeChange(key, value));
      if (bands.length === 0) return [phrases.join(' and ')];
      return bandRuns(bands).map(([first, last]) => [...phrases, describeRateBands(first, last)].join(' and '));
    })
    // Two ways to get there say enough; a third is more often noise than help.
    .slice(0, 2)
    .join(', or if ');
}

/** Sorted bands as runs of adjacent ones: [0, 1, 3] -> [[0, 1], [3, 3]]. */
function bandRuns(bands: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const b of [...new Set(bands)].sort((x, y) => x - y)) {
    const last = runs.at(-1);
    if (last && b === last[1] + 1) last[1] = b;
    else runs.push([b, b]);
  }
  return runs;
}
