import { directions, peers, type AnswerKey, type Direction, type Peer } from './answers.js';

/**
 * The questions, as data: the CLI prompts and flags, the site and the tests all read these.
 * `article: true` marks the questions of the article's decision framework; the others are
 * refinements. Most only add reasons and caveats; binary payloads and strict proxies can also
 * trigger a departure from the article's answer (departures.ts), which is always said out loud.
 */

export interface Choice<V extends string> {
  value: V;
  label: string;
  hint: string;
  /** The choice as a hypothetical, for "would flip if …": "the clients were browsers". */
  wouldBe: string;
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
  /** Asked only when the other end is one of these (the question means nothing otherwise). */
  onlyFor?: readonly Peer[];
  /** The line shown in the refinement checklist. */
  label: string;
  /** "Yes" and "no" as hypotheticals, for "would flip if …". */
  wouldBe: string;
  wouldNotBe: string;
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
      wouldBe: 'both sides needed to send data simultaneously',
    },
    {
      value: 'server-to-client',
      label: 'Server to client only',
      hint: 'live feeds, notifications, dashboards, LLM token streams',
      wouldBe: 'only the server sent',
    },
    {
      value: 'client-to-server',
      label: 'Client to server only',
      hint: 'uploads, telemetry, event ingestion',
      wouldBe: 'only the client sent',
    },
  ],
};

export const peerQuestion: ChoiceQuestion<'peer', Peer> = {
  key: 'peer',
  kind: 'choice',
  flag: '--peer',
  article: true,
  prompt: 'Who is on the other end?',
  hint: 'who opens the connection and reads what you send',
  choices: [
    { value: 'browser', label: 'Web pages', hint: 'people in a browser: your web app or site', wouldBe: 'the clients were web pages' },
    {
      value: 'service',
      label: 'Your own services',
      hint: 'backends, workers, agents or apps you ship: one team controls both ends',
      wouldBe: 'both ends were your own services',
    },
    {
      value: 'public',
      label: 'A public API',
      hint: "other developers' programs, in any language, over the public internet",
      wouldBe: "the clients were other developers' programs using a public API",
    },
  ],
};

export const rateQuestion: NumberQuestion<'rate'> = {
  key: 'rate',
  kind: 'number',
  flag: '--rate',
  article: true,
  prompt: 'Peak messages per second?',
  hint: 'per client; above 100 is high-frequency',
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
  wouldBe: 'the payloads were binary',
  wouldNotBe: 'the payloads were text',
};

export const strictProxyQuestion: BooleanQuestion<'strictProxy'> = {
  key: 'strictProxy',
  kind: 'boolean',
  flag: '--strict-proxy',
  article: false,
  prompt: 'Must it cross strict corporate proxies or HTTP/1.1-only infrastructure?',
  hint: 'some proxies cut WebSocket connections; some load balancers speak HTTP/1.1 only',
  label: 'Traffic crosses strict corporate proxies or HTTP/1.1-only infrastructure',
  wouldBe: 'the traffic crossed strict proxies or HTTP/1.1-only infrastructure',
  wouldNotBe: 'HTTP/2 passed end to end',
};

export const losslessQuestion: BooleanQuestion<'lossless'> = {
  key: 'lossless',
  kind: 'boolean',
  flag: '--lossless',
  article: false,
  prompt: 'Must a client that reconnects miss nothing?',
  hint: 'every message matters (orders, audit) rather than only the latest value',
  label: 'A reconnecting client must miss nothing',
  wouldBe: 'a reconnecting client had to miss nothing',
  wouldNotBe: 'a reconnecting client could miss messages',
};

export const latestWinsQuestion: BooleanQuestion<'latestWins'> = {
  key: 'latestWins',
  kind: 'boolean',
  flag: '--latest-wins',
  article: false,
  prompt: 'Does only the latest value matter?',
  hint: 'game state, live media, prices on screen: a stale message may be dropped',
  label: 'Only the latest value matters (game state, live media): stale messages may be dropped',
  wouldBe: 'only the latest value mattered',
  wouldNotBe: 'every value mattered',
};

export const callbacksQuestion: BooleanQuestion<'callbacks'> = {
  key: 'callbacks',
  kind: 'boolean',
  flag: '--callbacks',
  article: false,
  prompt: 'Are the consumers servers that can take HTTP requests at a URL they give you?',
  hint: 'other backends with a public endpoint (webhooks), not pages, apps or scripts behind a firewall',
  label: 'Consumers are servers that take HTTP requests at their own URL (webhooks)',
  wouldBe: 'the consumers were servers that could receive HTTP callbacks',
  wouldNotBe: 'the consumers could not receive HTTP callbacks',
};

export const protobufQuestion: BooleanQuestion<'protobuf'> = {
  key: 'protobuf',
  kind: 'boolean',
  flag: '--protobuf',
  article: false,
  prompt: 'Are the messages defined in Protobuf, with generated code on every client?',
  hint: 'your own services, or client libraries you generate and publish for each language',
  label: 'Messages are Protobuf, with generated code on every client',
  wouldBe: 'the messages were Protobuf with generated clients',
  wouldNotBe: 'the clients had no generated Protobuf code',
};

export const agentsQuestion: BooleanQuestion<'agents'> = {
  key: 'agents',
  kind: 'boolean',
  flag: '--agents',
  article: false,
  prompt: 'Are the clients AI agents that speak an agent protocol (MCP, A2A)?',
  hint: 'LLM apps calling your tools or agents: the protocol already fixes the transport',
  label: 'Clients are AI agents speaking an agent protocol (MCP, A2A)',
  wouldBe: 'the clients were AI agents speaking MCP or A2A',
  wouldNotBe: 'the clients spoke no agent protocol',
};

export const watchQuestion: BooleanQuestion<'watch'> = {
  key: 'watch',
  kind: 'boolean',
  flag: '--watch',
  article: false,
  prompt: 'Do clients wait for changes to state they already read with ordinary requests?',
  hint: 'a resource, a folder or a config key they GET, watched for its next version',
  label: 'Clients watch state they already GET, waiting for its next version',
  wouldBe: 'the clients watched state they read with ordinary requests',
  wouldNotBe: 'the clients consumed a stream of events',
};

export const devicesQuestion: BooleanQuestion<'devices'> = {
  key: 'devices',
  kind: 'boolean',
  flag: '--devices',
  article: false,
  onlyFor: ['service'],
  prompt: 'Are your clients your own apps on people\'s devices (phones, desktops, TVs, cars)?',
  hint: 'native apps you ship, connecting over mobile and home networks, not backends inside your network',
  label: 'Clients are your own apps on people\'s devices (phones, desktops, TVs, cars), over the internet',
  wouldBe: 'the clients were your own apps on people\'s devices',
  wouldNotBe: 'the clients were backends inside your own network',
};

export const refinementQuestions = [
  binaryQuestion,
  strictProxyQuestion,
  losslessQuestion,
  latestWinsQuestion,
  callbacksQuestion,
  protobufQuestion,
  agentsQuestion,
  watchQuestion,
  devicesQuestion,
] as const;

/** The refinements worth asking for these answers: the checklist stays short on every path. */
export function refinementsFor(answers: { peer?: Peer }): BooleanQuestion<AnswerKey>[] {
  return refinementQuestions.filter((q: BooleanQuestion<AnswerKey>) => !q.onlyFor || (answers.peer !== undefined && q.onlyFor.includes(answers.peer)));
}

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
