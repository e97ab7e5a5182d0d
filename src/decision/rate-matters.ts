import type { Answers } from './answers.js';
import { departures } from './departures.js';
import type { OutcomeId } from './outcomes.js';
import { refinements } from './refinements.js';
import type { Match } from './match.js';
import { missingTreeAnswers, walk } from './walk.js';

/**
 * Whether the advice reads the rate on the path that the direction and the peer pick, so the
 * questionnaire asks it there and nowhere else: the article's tree reads it on one-way streams
 * from the server, and the departure rules and refinements read it on two-way paths too (strict
 * proxies at 10 a second or fewer, a page fed faster than a screen updates). Derived from the
 * rules, not listed, so a rule that starts reading the rate is asked for without another edit.
 * The yes/no answers come after the rate in the questionnaire, so any rule that could apply to
 * this direction and peer counts.
 */
export function rateMatters(answers: Pick<Answers, 'direction' | 'peer'>): boolean {
  if (answers.direction === undefined) return false;
  const partial: Answers = { direction: answers.direction, ...(answers.peer === undefined ? {} : { peer: answers.peer }) };
  if (missingTreeAnswers(partial).some((m) => m.key === 'rate')) return true;
  const result = walk(partial);
  // The peer is still unknown on a two-way path: either leaf may follow.
  const leaves: OutcomeId[] = result.done ? [result.outcome] : ['websocket', 'grpc-bidi'];
  const admits = (when: Match) => admitsPeer(when, answers.peer);
  const reachable = new Set<OutcomeId>(leaves);
  for (const rule of departures) if (rule.from.some((leaf) => leaves.includes(leaf)) && admits(rule.when)) reachable.add(rule.to);
  const departs = departures.some((rule) => rule.when.rate !== undefined && rule.from.some((leaf) => leaves.includes(leaf)) && admits(rule.when));
  const refines = refinements.some((r) => r.when.rate !== undefined && r.outcomes.some((o) => reachable.has(o)) && admits(r.when));
  return departs || refines;
}

function admitsPeer(when: Match, peer: Answers['peer']): boolean {
  return peer === undefined || when.peer === undefined || when.peer.includes(peer);
}
