import type { AnswerKey, Answers } from './answers.js';

type Choices = {
  [K in Exclude<AnswerKey, 'rate'>]?: readonly (Exclude<Answers[K], undefined> | null)[];
};

/**
 * A condition on answers, as data, for refinements and departure rules: per answer, the values
 * it matches (`null` matches "not answered"); for the rate, a range. Every part must hold.
 */
export type Match = Choices & { rate?: { above?: number; atMost?: number } };

export function matches(when: Match, answers: Answers): boolean {
  for (const [key, accepted] of Object.entries(when)) {
    const value = answers[key as AnswerKey];
    if (key === 'rate') {
      const range = accepted as NonNullable<Match['rate']>;
      if (typeof value !== 'number') return false;
      if (range.above !== undefined && !(value > range.above)) return false;
      if (range.atMost !== undefined && !(value <= range.atMost)) return false;
      continue;
    }
    if (!(accepted as readonly unknown[]).includes(value === undefined ? null : value)) return false;
  }
  return true;
}

/** The rate thresholds a set of conditions draws, ascending: where the advice can change. */
export function rateThresholds(conditions: readonly Match[]): number[] {
  const found = conditions.flatMap((c) => [c.rate?.above, c.rate?.atMost]).filter((n): n is number => n !== undefined);
  return [...new Set(found)].sort((a, b) => a - b);
}
