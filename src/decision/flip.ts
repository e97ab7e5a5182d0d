import type { Answers } from './answers.js';
import type { OutcomeId } from './outcomes.js';
import { outcomes } from './outcomes.js';
import type { Branch } from './tree.js';
import { conditionHolds, leaves, mostSpecific } from './walk.js';

/**
 * "Which answer would flip the choice" is derived from the tree, not written by hand: among the
 * paths to the alternative, take the one that needs the fewest answers changed, and name them.
 */
export function flipIf(alternative: OutcomeId, answers: Answers): string {
  const candidates = leaves().filter((leaf) => leaf.outcome === alternative);
  if (candidates.length === 0) return outcomes[alternative].flipIf ?? 'no answer in the decision tree leads here';

  let best: Branch[] | undefined;
  for (const leaf of candidates) {
    const unmet = leaf.branches.filter((branch) => conditionHolds(branch.when, answers) !== true);
    if (!best || unmet.length < best.length) best = unmet;
  }
  return mostSpecific(best ?? []).map((branch) => branch.wouldBe).join(' and ');
}
