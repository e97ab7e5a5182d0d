import type { Answers } from './answers.js';
import type { OutcomeId } from './outcomes.js';
import { outcomes } from './outcomes.js';
import type { Branch } from './tree.js';
import { conditionHolds, leaves, mostSpecific } from './walk.js';

/**
 * "Which answer would flip the choice" is derived from the tree, not written by hand: among the
 * paths to the alternative, take the one that needs the fewest answers changed.
 * Returns undefined for outcomes no path reaches (gRPC client streaming).
 */
export function flipBranches(alternative: OutcomeId, answers: Answers): Branch[] | undefined {
  let best: Branch[] | undefined;
  for (const leaf of leaves().filter((l) => l.outcome === alternative)) {
    const unmet = leaf.branches.filter((branch) => conditionHolds(branch.when, answers) !== true);
    if (!best || unmet.length < best.length) best = unmet;
  }
  return best && mostSpecific(best);
}

/** The flip as a phrase: "the data were high-frequency (--rate above 100)". */
export function flipIf(alternative: OutcomeId, answers: Answers): string {
  const branches = flipBranches(alternative, answers);
  if (!branches) return outcomes[alternative].flipIf ?? 'no answer in the decision tree leads here';
  return branches.map((branch) => branch.wouldBe).join(' and ');
}
