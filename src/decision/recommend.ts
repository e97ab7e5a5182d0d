import { protocols } from '../catalogue/protocols.js';
import type { TemplateId } from '../templates.js';
import type { Answers } from './answers.js';
import { flipIf } from './flip.js';
import type { Outcome, OutcomeId } from './outcomes.js';
import { outcomes } from './outcomes.js';
import { refinementMatches, refinements } from './refinements.js';
import type { Step } from './walk.js';
import { mostSpecific, walk } from './walk.js';

export interface Alternative {
  outcome: Outcome;
  /** The answers that would make this the recommendation instead. */
  flipIf: string;
}

export interface Recommendation {
  outcome: Outcome;
  answers: Answers;
  /** The article's questions and the branch the answers took at each. */
  path: readonly Step[];
  /** Every reason: the answers' and refinements', then the article's "Use X when" points. */
  reasons: string[];
  /** The first part of `reasons`: why these answers lead here. */
  answerReasons: string[];
  /** The article's "Use X when" points for this protocol. */
  useWhen: readonly string[];
  caveats: string[];
  alternatives: Alternative[];
  /** What the refinement answers changed, said out loud. */
  notes: string[];
  scaffold: { template: TemplateId; flags: string[]; command: string };
}

/**
 * The recommendation for a complete set of answers, or `undefined` while the tree still needs an
 * answer (use `missingAnswers` to learn which).
 */
export function recommend(answers: Answers): Recommendation | undefined {
  const result = walk(answers);
  if (!result.done) return undefined;
  const outcome = outcomes[result.outcome];
  const applied = refinements.filter((r) => refinementMatches(r, answers, outcome.id));

  const protocol = protocols[outcome.protocol];
  const answerReasons = unique([
    ...mostSpecific(result.path.map((step) => step.branch)).map((branch) => branch.because),
    ...applied.flatMap((r) => (r.reason ? [r.reason] : [])),
  ]);
  const reasons = [...answerReasons, ...protocol.useWhen.map((point) => `Use ${protocol.name} when: ${lowerFirst(point)}.`)];
  const caveats = unique([...outcome.caveats, ...applied.flatMap((r) => (r.caveat ? [r.caveat] : []))]);

  let order: OutcomeId[] = [...outcome.alternatives];
  const notes: string[] = [];
  for (const refinement of applied) {
    if (!refinement.promote) continue;
    const promoted = refinement.promote.filter((id) => order.includes(id));
    const next = [...promoted, ...order.filter((id) => !promoted.includes(id))];
    if (next.join() !== order.join()) {
      const names = promoted.filter((id, i) => order.indexOf(id) !== i).map((id) => outcomes[id].name);
      notes.push(`Moved ${names.join(' and ')} up the alternatives because ${refinement.because ?? 'of your answers'}.`);
      order = next;
    }
  }
  const kinds = [applied.some((r) => r.reason) && 'reasons', applied.some((r) => r.caveat) && 'caveats'].filter(Boolean);
  const changes = [kinds.length > 0 ? `added ${kinds.join(' and ')}` : '', notes.length > 0 ? 'reordered alternatives' : ''].filter(Boolean);
  if (changes.length > 0) {
    notes.push(`Your extra answers ${changes.join(' and ')}; they never change the article's recommendation (${outcome.name}).`);
  }

  const flags = unique(applied.flatMap((r) => r.scaffoldFlags ?? []));
  return {
    outcome,
    answers,
    path: result.path,
    reasons,
    answerReasons,
    useWhen: protocol.useWhen,
    caveats,
    alternatives: order.map((id) => ({ outcome: outcomes[id], flipIf: flipIf(id, answers) })),
    notes,
    scaffold: {
      template: outcome.template,
      flags,
      command: ['npx choose-protocol init', outcome.template, ...flags].join(' '),
    },
  };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
