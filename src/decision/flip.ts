import { answerKeys, directions, peers, type AnswerKey, type Answers } from './answers.js';
import { decide } from './decide.js';
import { departures } from './departures.js';
import { rateThresholds, type Match } from './match.js';
import type { OutcomeId } from './outcomes.js';
import { outcomes } from './outcomes.js';
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
/** Where the advice can change with the rate: [100, 1000] today. */
const thresholds = rateThresholds(conditions);
/** Only these answers can change the outcome; the others only add reasons and caveats. */
const deciding = answerKeys.filter((key) => conditions.some((c) => key in c));

/** The rate band a value falls in: 0 for "up to the first threshold", and so on. */
function band(rate: number): number {
  const index = thresholds.findIndex((t) => rate <= t);
  return index === -1 ? thresholds.length : index;
}

/** The values an answer could change to: every other choice, rate band or yes/no. */
function otherValues(key: AnswerKey, answers: Answers): unknown[] {
  const current = answers[key];
  if (key === 'direction') return directions.filter((d) => d !== current);
  if (key === 'peer') return peers.filter((p) => p !== current);
  if (key === 'rate') {
    const byBand = [...thresholds, thresholds.at(-1)! + 1];
    return byBand.filter((value) => current === undefined || band(value) !== band(current as number));
  }
  // "No" and "not answered" read the same to every rule, so only a flip to the other side counts.
  return [current !== true];
}

/**
 * The smallest sets of answer changes that make `alternative` the recommendation, the smallest
 * steps from the user's situation first: every single change, then every pair, and so on.
 * Empty when no answer leads there (gRPC client streaming, gRPC-Web, WebTransport).
 */
export function flipOptions(alternative: OutcomeId, answers: Answers): Partial<Answers>[] {
  // Outcomes that say in words what would make them right are the ones no answer reaches.
  if (outcomes[alternative].flipIf !== undefined) return [];
  for (let size = 1; size <= deciding.length; size++) {
    const found = changesOfSize(size, answers).filter((change) => outcomeOf({ ...answers, ...change }) === alternative);
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

/** Every way to change exactly `size` of the deciding answers. */
function changesOfSize(size: number, answers: Answers, from = 0): Partial<Answers>[] {
  if (size === 0) return [{}];
  const changes: Partial<Answers>[] = [];
  for (let i = from; i <= deciding.length - size; i++) {
    const key = deciding[i]!;
    for (const rest of changesOfSize(size - 1, answers, i + 1)) {
      for (const value of otherValues(key, answers)) changes.push({ [key]: value, ...rest });
    }
  }
  return changes;
}

/** decide() depends only on the deciding answers and the rate's band, so outcomes are kept by those. */
const outcomeBySignature = new Map<string, OutcomeId | undefined>();

function outcomeOf(answers: Answers): OutcomeId | undefined {
  const signature = deciding.map((k) => (k === 'rate' && answers.rate !== undefined ? band(answers.rate) : String(answers[k]))).join('|');
  if (!outcomeBySignature.has(signature)) outcomeBySignature.set(signature, decide(answers)?.outcome);
  return outcomeBySignature.get(signature);
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
  if (low === undefined) return `there were ${high} messages a second or fewer (--rate ${high} or less)`;
  if (high === undefined) return `there were more than ${low} messages a second (--rate above ${low})`;
  return `there were more than ${low} and at most ${high} messages a second (--rate above ${low}, up to ${high})`;
}

/**
 * The flip as a phrase: "the clients were web pages (--peer browser), or if …". Options that
 * differ only in adjacent rate bands read as one range.
 */
export function flipIf(alternative: OutcomeId, answers: Answers): string {
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
