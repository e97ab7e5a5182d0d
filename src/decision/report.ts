import type { Answers } from './answers.js';
import type { Recommendation } from './recommend.js';

/** The machine-readable recommendation, as `recommend --json` prints it. A stable shape. */
export interface RecommendationReport {
  recommendation: { id: string; name: string; template: string };
  answers: { [K in keyof Required<Answers>]: Answers[K] | null };
  reasons: string[];
  caveats: string[];
  notes: string[];
  alternatives: { id: string; name: string; template: string; flipIf: string }[];
  scaffoldCommand: string;
}

export function toReport(rec: Recommendation): RecommendationReport {
  const a = rec.answers;
  return {
    recommendation: { id: rec.outcome.id, name: rec.outcome.name, template: rec.outcome.template },
    answers: {
      direction: a.direction ?? null,
      peer: a.peer ?? null,
      rate: a.rate ?? null,
      binary: a.binary ?? null,
      strictProxy: a.strictProxy ?? null,
      lossless: a.lossless ?? null,
    },
    reasons: rec.reasons,
    caveats: rec.caveats,
    notes: rec.notes,
    alternatives: rec.alternatives.map((alt) => ({
      id: alt.outcome.id,
      name: alt.outcome.name,
      template: alt.outcome.template,
      flipIf: alt.flipIf,
    })),
    scaffoldCommand: rec.scaffold.command,
  };
}
