import { describe, expect, it } from 'vitest';
import { decide, directions, peers, rateMatters, refinementMatches, refinements, type Answers } from '../../../src/index.js';
import { allAnswers } from './answer-space.js';

/** What the rate can change: the outcome, the rule that departs, and the refinements that apply. */
function advice(answers: Answers): string {
  const decision = decide(answers);
  if (!decision) return 'undecided';
  const applied = refinements.filter((r) => refinementMatches(r, answers, decision.outcome)).map((r) => r.id);
  return [decision.outcome, decision.departure?.id ?? '-', ...applied].join(' ');
}

/** Every rate the rules tell apart, and "not answered". */
const rates = [undefined, 0.05, 0.1, 1, 1.5, 10, 10.5, 60, 61, 100, 100.01, 1000, 1000.5];

describe('the rate question', () => {
  it('is asked on every path where the tree or a rule reads it: one-way from the server and two-way, not uploads', () => {
    for (const peer of peers) {
      expect(rateMatters({ direction: 'server-to-client', peer }), peer).toBe(true);
      expect(rateMatters({ direction: 'bidirectional', peer }), peer).toBe(true);
      expect(rateMatters({ direction: 'client-to-server', peer }), peer).toBe(false);
    }
    expect(rateMatters({})).toBe(false);
  });

  it('is asked exactly where some answers change the advice with it, for every direction and peer', { timeout: 180_000 }, () => {
    // For each direction and peer: does any combination of the later answers get different
    // advice at different rates?
    const readsRate = new Map<string, boolean>();
    for (const answers of allAnswers()) {
      if (answers.peer === undefined || answers.rate !== undefined) continue;
      const key = `${answers.direction} ${answers.peer}`;
      if (readsRate.get(key)) continue;
      const seen = new Set<string>();
      for (const rate of rates) {
        const withRate: Answers = rate === undefined ? answers : { ...answers, rate };
        // The tree needs the rate on one-way streams from the server: there "not answered" decides nothing.
        if (decide(withRate)) seen.add(advice(withRate));
      }
      readsRate.set(key, seen.size > 1);
    }
    for (const direction of directions) {
      for (const peer of peers) {
        expect(rateMatters({ direction, peer }), `${direction} ${peer}`).toBe(readsRate.get(`${direction} ${peer}`));
      }
    }
  });
});
