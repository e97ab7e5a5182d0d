import { describe, expect, it } from 'vitest';
import { leaves, missingAnswers, missingTreeAnswers, nextQuestion, outcomes, recommend, walk } from '../../../src/index.js';
import { allAnswers, articleOutcome, needsAnswer } from './answer-space.js';

/** These walk every combination of answers: bounded, but longer than a unit test's default. */
const exhaustive = { timeout: 60_000 };

describe("the article's decision tree", () => {
  it("gives the article's answer for every combination of answers, refinements included", exhaustive, () => {
    let checked = 0;
    for (const answers of allAnswers()) {
      const rec = recommend(answers);
      if (needsAnswer(answers)) {
        expect(rec, JSON.stringify(answers)).toBeUndefined();
        continue;
      }
      expect(rec?.article.id, JSON.stringify(answers)).toBe(articleOutcome(answers));
      checked++;
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it('draws the high-frequency line above 100 messages per second, not at it', () => {
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 100 })?.article.id).toBe('sse');
    expect(recommend({ direction: 'server-to-client', peer: 'service', rate: 100.5 })?.article.id).toBe('grpc-server-stream');
  });

  it("asks the article's questions in the article's order", () => {
    const first = walk({});
    expect(first.done || first.next.text).toBe('Do both sides need to send data simultaneously?');
    const bidi = walk({ direction: 'bidirectional' });
    expect(bidi.done || bidi.next.text).toBe('Is it service-to-service?');
    const oneWay = walk({ direction: 'server-to-client' });
    expect(oneWay.done || oneWay.next.text).toBe('Is the data high-frequency (>100/sec)?');
    expect(walk({ direction: 'client-to-server' }).done).toBe(true);
  });

  it('counts a public API\'s clients as programs, so its "service-to-service?" leads to gRPC', () => {
    const result = walk({ direction: 'bidirectional', peer: 'public' });
    expect(result.done && result.outcome).toBe('grpc-bidi');
  });

  it("has the article's five leaves, gRPC bidirectional reached by services and by public APIs", () => {
    expect(leaves().map((l) => l.outcome).sort()).toEqual(['grpc-bidi', 'grpc-bidi', 'grpc-server-stream', 'http', 'sse', 'websocket']);
  });
});

describe('the questions the engine asks', () => {
  it('asks who is on the other end on every path, right after which way the data flows', () => {
    expect(missingAnswers({})).toEqual([{ key: 'direction' }, { key: 'peer' }, { key: 'rate', onlyIf: '--direction server-to-client' }]);
    expect(missingAnswers({ direction: 'client-to-server' })).toEqual([{ key: 'peer' }]);
    expect(missingAnswers({ direction: 'server-to-client' })).toEqual([{ key: 'peer' }, { key: 'rate' }]);
    expect(missingAnswers({ direction: 'bidirectional', peer: 'public' })).toEqual([]);
    expect(nextQuestion({})).toBe('direction');
    expect(nextQuestion({ direction: 'server-to-client' })).toBe('peer');
    expect(nextQuestion({ direction: 'server-to-client', peer: 'browser' })).toBe('rate');
    expect(nextQuestion({ direction: 'client-to-server', peer: 'browser' })).toBeUndefined();
  });

  it("keeps the tree's own list of what it needs, for drawing the tree", () => {
    expect(missingTreeAnswers({ direction: 'client-to-server' })).toEqual([]);
    expect(missingTreeAnswers({ direction: 'bidirectional' })).toEqual([{ key: 'peer' }]);
  });
});

describe('every outcome', () => {
  it('carries an id, a name, caveats, and alternatives other than itself', () => {
    for (const outcome of Object.values(outcomes)) {
      expect(outcome.name).not.toBe('');
      expect(outcome.caveats.length).toBeGreaterThan(0);
      expect(outcome.alternatives).not.toContain(outcome.id);
    }
  });

  it('has a starter, except WebTransport, which has no production-ready Node server', () => {
    for (const outcome of Object.values(outcomes)) {
      if (outcome.id === 'webtransport') expect(outcome.template).toBeNull();
      else expect(['websocket', 'sse', 'grpc', 'http']).toContain(outcome.template);
    }
  });

  it('gives the answers that led there as reasons, then the article\'s "use it when" points', () => {
    const rec = recommend({ direction: 'bidirectional', peer: 'service' })!;
    expect(rec.answerReasons).toEqual(['Both sides need to send data simultaneously.', 'It is service-to-service: both ends are your own services.']);
    expect(rec.reasons).toContain('Use gRPC streaming when: service-to-service communication in a microservice architecture.');
    expect(rec.scaffold.command).toBe('npx choose-protocol init grpc');
  });
});
