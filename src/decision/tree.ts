import type { AnswerKey, Direction, Peer } from './answers.js';
import type { OutcomeId } from './outcomes.js';

/**
 * The article's decision framework, node for node, as data. The CLI walks it, the site draws it,
 * and the engine takes its leaf as "the article's answer" and its branches as reasons. Where
 * that leaf cannot serve the answers well, the departure rules (departures.ts) say so.
 */

export type Condition =
  | { key: 'direction'; is: readonly Direction[] }
  | { key: 'peer'; is: readonly Peer[] }
  | { key: 'rate'; above: number }
  | { key: 'rate'; atMost: number };

export interface Branch {
  /** The article's label on the edge ("YES", "NO (browser client)"). */
  label: string;
  when: Condition;
  /** A reason sentence, used when the user's answers take this branch. */
  because: string;
  next: DecisionNode;
}

export interface QuestionNode {
  kind: 'question';
  id: string;
  /** The article's wording of the question. */
  text: string;
  /** The answer this node reads. */
  key: AnswerKey;
  branches: readonly Branch[];
}

export interface OutcomeNode {
  kind: 'outcome';
  outcome: OutcomeId;
}

export type DecisionNode = QuestionNode | OutcomeNode;

/** The article's line between "high-frequency" and not: more than 100 messages per second. */
export const highFrequencyThreshold = 100;

const leaf = (outcome: OutcomeId): OutcomeNode => ({ kind: 'outcome', outcome });

export const decisionTree: QuestionNode = {
  kind: 'question',
  id: 'both-send',
  text: 'Do both sides need to send data simultaneously?',
  key: 'direction',
  branches: [
    {
      label: 'YES',
      when: { key: 'direction', is: ['bidirectional'] },
      because: 'Both sides need to send data simultaneously.',
      next: {
        kind: 'question',
        id: 'service-to-service',
        text: 'Is it service-to-service?',
        key: 'peer',
        branches: [
          {
            label: 'YES',
            when: { key: 'peer', is: ['service'] },
            because: 'It is service-to-service: both ends are your own services.',
            next: leaf('grpc-bidi'),
          },
          {
            // The article's tree knows only browsers and services. A public API's clients are
            // programs, not pages, so its question answers "yes" for them; the departure rules
            // then say why that leaf does not suit other developers' programs.
            label: "YES (a public API's clients are programs too)",
            when: { key: 'peer', is: ['public'] },
            because: "The clients are other developers' programs: service-to-service in the article's terms.",
            next: leaf('grpc-bidi'),
          },
          {
            label: 'NO (browser client)',
            when: { key: 'peer', is: ['browser'] },
            because: 'The clients are browsers.',
            next: leaf('websocket'),
          },
        ],
      },
    },
    {
      label: 'NO',
      when: { key: 'direction', is: ['server-to-client', 'client-to-server'] },
      because: 'The data flows one way only.',
      next: {
        kind: 'question',
        id: 'server-to-client-only',
        text: 'Is it server-to-client only?',
        key: 'direction',
        branches: [
          {
            label: 'YES',
            when: { key: 'direction', is: ['server-to-client'] },
            because: 'Only the server sends: it is server-to-client only.',
            next: {
              kind: 'question',
              id: 'high-frequency',
              text: `Is the data high-frequency (>${highFrequencyThreshold}/sec)?`,
              key: 'rate',
              branches: [
                {
                  label: 'YES',
                  when: { key: 'rate', above: highFrequencyThreshold },
                  because: `The data is high-frequency (more than ${highFrequencyThreshold} messages per second).`,
                  next: leaf('grpc-server-stream'),
                },
                {
                  label: 'NO',
                  when: { key: 'rate', atMost: highFrequencyThreshold },
                  because: `The data is not high-frequency (${highFrequencyThreshold} messages per second or fewer).`,
                  next: leaf('sse'),
                },
              ],
            },
          },
          {
            label: "NO: it's client-to-server only",
            when: { key: 'direction', is: ['client-to-server'] },
            because: 'Only the client sends: it is client-to-server only.',
            next: leaf('http'),
          },
        ],
      },
    },
  ],
};
