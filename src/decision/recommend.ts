import { lowerFirst } from '../lower-first.js';
import { protocols } from '../catalogue/protocols.js';
import { scaffoldCommand, type TemplateId } from '../templates.js';
import type { Answers } from './answers.js';
import { decide } from './decide.js';
import type { Departure } from './departures.js';
import { flipIf } from './flip.js';
import type { Outcome, OutcomeId } from './outcomes.js';
import { outcomes } from './outcomes.js';
import { refinementQuestions } from './questions.js';
import { refinementMatches, refinements } from './refinements.js';
import type { Step } from './walk.js';
import { mostSpecific } from './walk.js';

export interface Alternative {
  outcome: Outcome;
  /** The answers that would make this the recommendation instead. */
  flipIf: string;
}

export interface Recommendation {
  outcome: Outcome;
  /** The article's bare tree's answer; the same as `outcome` unless we departed from it. */
  article: Outcome;
  /** Why we recommend something other than the article, or undefined when we agree. */
  departure: Departure | undefined;
  answers: Answers;
  /** The article's questions and the branch the answers took at each. */
  path: readonly Step[];
  /** Every reason: the answers', the departure's and refinements', then the article's "Use X when" points. */
  reasons: string[];
  /** The first part of `reasons`: why these answers lead here. */
  answerReasons: string[];
  /** The article's "Use X when" points for this protocol; empty after a departure. */
  useWhen: readonly string[];
  caveats: string[];
  alternatives: Alternative[];
  /** What the refinement answers changed, said out loud. */
  notes: string[];
  scaffold: { template: TemplateId; flags: string[]; command: string };
}

/**
 * The recommendation for a complete set of answers, or `undefined` while an answer is still
 * needed (use `missingAnswers` to learn which).
 */
export function recommend(answers: Answers): Recommendation | undefined {
  const decision = decide(answers);
  if (!decision) return undefined;
  const outcome = outcomes[decision.outcome];
  const { departure } = decision;
  if (outcome.template === null) throw new Error(`${outcome.id} has no starter, so it cannot be recommended`);
  const applied = refinements.filter((r) => refinementMatches(r, answers, outcome.id));

  const protocol = outcome.protocol ? protocols[outcome.protocol] : undefined;
  // The article's "use X when" points argue for its own path here; after a departure they would
  // argue for answers the user did not give.
  const useWhen = protocol && !departure ? protocol.useWhen : [];
  const answerReasons = unique([
    ...mostSpecific(decision.path.map((step) => step.branch)).map((branch) => branch.because),
    ...(departure ? [departure.because] : []),
    ...applied.flatMap((r) => (r.reason ? [r.reason] : [])),
  ]);
  const reasons = [...answerReasons, ...useWhen.map((point) => `Use ${protocol!.name} when: ${lowerFirst(point)}.`)];
  const caveats = unique([...outcome.caveats, ...applied.flatMap((r) => (r.caveat ? [r.caveat] : []))]);

  let order: OutcomeId[] = [...(departure?.alternatives ?? outcome.alternatives)];
  const notes: string[] = [];
  for (const refinement of applied) {
    if (!refinement.promote) continue;
    const promoted = refinement.promote.filter((id) => id !== outcome.id);
    const next = [...promoted, ...order.filter((id) => !promoted.includes(id))];
    if (next.join() === order.join()) continue;
    const added = promoted.filter((id) => !order.includes(id)).map((id) => outcomes[id].name);
    const moved = promoted.filter((id, i) => order.includes(id) && order.indexOf(id) !== i).map((id) => outcomes[id].name);
    const because = refinement.because ?? 'of your answers';
    if (added.length > 0) notes.push(`Added ${added.join(' and ')} to the alternatives because ${because}.`);
    if (moved.length > 0) notes.push(`Moved ${moved.join(' and ')} up the alternatives because ${because}.`);
    order = next;
  }
  const kinds = [applied.some((r) => r.reason) && 'reasons', applied.some((r) => r.caveat) && 'caveats'].filter(Boolean);
  const changes = [kinds.length > 0 ? `added ${kinds.join(' and ')}` : '', notes.length > 0 ? 'changed the alternatives' : ''].filter(Boolean);
  if (changes.length > 0) {
    notes.push(`Your answers beyond the article's questions ${changes.join(' and ')}.`);
  }
  // A "yes" to a question that means nothing for this kind of client ("--devices" with
  // "--peer public") changed nothing: say so rather than let it pass in silence.
  for (const question of refinementQuestions) {
    const { onlyFor } = question as { onlyFor?: readonly string[] };
    if (!onlyFor || answers[question.key] !== true || !answers.peer || onlyFor.includes(answers.peer)) continue;
    const peers = onlyFor.map((peer) => `--peer ${peer}`).join(' or ');
    notes.push(`${question.flag} applies only with ${peers}; with --peer ${answers.peer} it changed nothing.`);
  }

  const flags = [...(outcome.scaffoldFlags ?? [])];
  return {
    outcome,
    article: outcomes[decision.article],
    departure,
    answers,
    path: decision.path,
    reasons,
    answerReasons,
    useWhen,
    caveats,
    alternatives: order.map((id) => ({ outcome: outcomes[id], flipIf: flipIf(id, answers) })),
    notes,
    scaffold: {
      template: outcome.template,
      flags,
      command: scaffoldCommand(outcome.template, flags),
    },
  };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
