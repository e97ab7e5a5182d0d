import { directions, peers, type AnswerKey, type Direction, type Peer } from './answers.js';

/**
 * The questions, as data: the CLI prompts and flags, the site and the tests all read these.
 * `article: true` marks the questions of the article's decision framework; the others are
 * refinements that add caveats and may reorder alternatives but never change the outcome.
 */

export interface Choice<V extends string> {
  value: V;
  label: string;
  hint: string;
}

interface QuestionBase<K extends AnswerKey> {
  key: K;
  flag: string;
  prompt: string;
  hint: string;
  article: boolean;
}

export interface ChoiceQuestion<K extends AnswerKey, V extends string> extends QuestionBase<K> {
  kind: 'choice';
  choices: readonly Choice<V>[];
}

export interface NumberQuestion<K extends AnswerKey> extends QuestionBase<K> {
  kind: 'number';
  unit: string;
  /** A value the prompt offers as its default; flags never assume it. */
  example: number;
}

export interface BooleanQuestion<K extends AnswerKey> extends QuestionBase<K> {
  kind: 'boolean';
  /** The line shown in the refinement checklist. */
  label: string;
}

export const directionQuestion: ChoiceQuestion<'direction', Direction> = {
  key: 'direction',
  kind: 'choice',
  flag: '--direction',
  article: true,
  prompt: 'Which way does the data flow?',
  hint: 'both at once, or one way?',
  choices: [
    {
      value: 'bidirectional',
      label: 'Both ways, at any time',
      hint: 'chat, multiplayer, collaboration: either side speaks whenever it likes',
    },
    {
      value: 'server-to-client',
      label: 'Server to client only',
      hint: 'live feeds, notifications, dashboards, LLM token streams',
    },
    {
      value: 'client-to-server',
      label: 'Client to server only',
      hint: 'uploads, telemetry, event ingestion',
    },
  ],
};

export const peerQuestion: ChoiceQuestion<'peer', Peer> = {
  key: 'peer',
  kind: 'choice',
  flag: '--peer',
  article: true,
  prompt: 'Who is on the other end?',
  hint: 'browsers, or service-to-service?',
  choices: [
    { value: 'browser', label: 'Browsers', hint: 'web pages and web apps' },
    { value: 'service', label: 'Other services', hint: 'backends, workers, CLIs: service-to-service' },
  ],
};

export const rateQuestion: NumberQuestion<'rate'> = {
  key: 'rate',
  kind: 'number',
  flag: '--rate',
  article: true,
  prompt: 'How many messages per second, at peak?',
  hint: 'above 100 counts as high-frequency',
  unit: 'messages per second',
  example: 10,
};

export const binaryQuestion: BooleanQuestion<'binary'> = {
  key: 'binary',
  kind: 'boolean',
  flag: '--binary',
  article: false,
  prompt: 'Are the payloads binary?',
  hint: 'images, audio, file chunks, protobuf rather than text or JSON',
  label: 'Payloads are binary (images, audio, file chunks)',
};

export const strictProxyQuestion: BooleanQuestion<'strictProxy'> = {
  key: 'strictProxy',
  kind: 'boolean',
  flag: '--strict-proxy',
  article: false,
  prompt: 'Must it cross strict corporate proxies or HTTP/1.1-only infrastructure?',
  hint: 'some proxies cut WebSocket connections; some load balancers speak HTTP/1.1 only',
  label: 'Traffic crosses strict corporate proxies or HTTP/1.1-only infrastructure',
};

export const losslessQuestion: BooleanQuestion<'lossless'> = {
  key: 'lossless',
  kind: 'boolean',
  flag: '--lossless',
  article: false,
  prompt: 'Must a client that reconnects miss nothing?',
  hint: 'every message matters (orders, audit) rather than only the latest value',
  label: 'A reconnecting client must miss nothing',
};

export const refinementQuestions = [binaryQuestion, strictProxyQuestion, losslessQuestion] as const;

export const questions = [
  directionQuestion,
  peerQuestion,
  rateQuestion,
  ...refinementQuestions,
] as const;

export type Question = (typeof questions)[number];

export function questionFor(key: AnswerKey): Question {
  const question = questions.find((q) => q.key === key);
  if (!question) throw new Error(`No question for answer "${key}"`);
  return question;
}

export { directions, peers };
