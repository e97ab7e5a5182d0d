import { answerKeys, type Answers } from './answers.js';
import type { Source } from '../catalogue/source.js';
import type { Recommendation } from './recommend.js';

/**
 * The machine-readable recommendation, as `recommend --json` prints it. A stable shape, described
 * by schemas/recommend.schema.json. `recommendation` is ours; `article` is the bare tree's leaf,
 * and `departure` says why they differ (null when they agree).
 */
export interface RecommendationReport {
  recommendation: { id: string; name: string; template: string };
  article: { id: string; name: string };
  departure: { rule: string; from: string; to: string; because: string; sources: Source[]; checked: string } | null;
  answers: { [K in keyof Required<Answers>]: Answers[K] | null };
  reasons: string[];
  caveats: string[];
  notes: string[];
  alternatives: { id: string; name: string; template: string | null; flipIf: string }[];
  scaffoldCommand: string;
}

export function toReport(rec: Recommendation): RecommendationReport {
  const d = rec.departure;
  return {
    recommendation: { id: rec.outcome.id, name: rec.outcome.name, template: rec.scaffold.template },
    article: { id: rec.article.id, name: rec.article.name },
    departure: d ? { rule: d.id, from: rec.article.id, to: rec.outcome.id, because: d.because, sources: [...d.sources], checked: d.checked } : null,
    answers: Object.fromEntries(answerKeys.map((key) => [key, rec.answers[key] ?? null])) as RecommendationReport['answers'],
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
