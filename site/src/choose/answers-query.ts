/**
 * The Choose page's answers as a URL query and as `choose-protocol recommend` flags. The query
 * uses the CLI's flag names without "--" (`?direction=server-to-client&peer=browser&rate=500&binary=yes`),
 * so a shared link and a command line read alike. A ticked refinement is `name=yes` and
 * `--name`; an unticked one is left out (no answer), exactly as when the flag is not given.
 */
import type { Answers } from '../../../src/decision/answers.js';
import { parseDirection, parsePeer, parseRate } from '../../../src/decision/parse-answer.js';
import { refinementQuestions } from '../../../src/decision/questions.js';

export type RefinementKey = (typeof refinementQuestions)[number]['key'];

/** "--strict-proxy" → "strict-proxy": the query parameter of a flag. */
export function paramOf(flag: string): string {
  return flag.replace(/^--/, '');
}

/** What the query holds, before validation: a bad rate is kept so the form can show it. */
export interface QueryAnswers {
  direction?: string;
  peer?: string;
  rate?: string;
  refinements: RefinementKey[];
}

export function readQuery(params: URLSearchParams): QueryAnswers {
  const text = (name: string) => params.get(name) ?? undefined;
  const read: QueryAnswers = { refinements: [] };
  const direction = text('direction');
  const peer = text('peer');
  const rate = text('rate');
  if (direction !== undefined) read.direction = direction;
  if (peer !== undefined) read.peer = peer;
  if (rate !== undefined) read.rate = rate;
  read.refinements = refinementQuestions.filter((q) => params.get(paramOf(q.flag)) === 'yes').map((q) => q.key);
  return read;
}

export function writeQuery(answers: QueryAnswers): URLSearchParams {
  const params = new URLSearchParams();
  if (answers.direction) params.set('direction', answers.direction);
  if (answers.peer) params.set('peer', answers.peer);
  if (answers.rate !== undefined && answers.rate !== '') params.set('rate', answers.rate);
  for (const q of refinementQuestions) if (answers.refinements.includes(q.key)) params.set(paramOf(q.flag), 'yes');
  return params;
}

export type Validated = { answers: Answers; errors: Partial<Record<'direction' | 'peer' | 'rate', string>> };

/** Typed answers through the engine's own parsers, so the page refuses what the CLI refuses. */
export function validate(query: QueryAnswers): Validated {
  const answers: Answers = {};
  const errors: Validated['errors'] = {};
  const attempt = (key: 'direction' | 'peer' | 'rate', run: () => void) => {
    try {
      run();
    } catch (error) {
      errors[key] = (error as Error).message;
    }
  };
  if (query.direction !== undefined) attempt('direction', () => (answers.direction = parseDirection(query.direction!)));
  if (query.peer !== undefined) attempt('peer', () => (answers.peer = parsePeer(query.peer!)));
  if (query.rate !== undefined && query.rate !== '') attempt('rate', () => (answers.rate = parseRate(query.rate!)));
  for (const key of query.refinements) answers[key] = true;
  return { answers, errors };
}

/** The same answers as `choose-protocol recommend` flags, in the CLI's order. */
export function recommendFlags(answers: Answers): string[] {
  const flags: string[] = [];
  if (answers.direction) flags.push('--direction', answers.direction);
  if (answers.peer) flags.push('--peer', answers.peer);
  if (answers.rate !== undefined) flags.push('--rate', String(answers.rate));
  for (const q of refinementQuestions) if (answers[q.key] === true) flags.push(q.flag);
  return flags;
}
