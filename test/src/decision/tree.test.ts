import { describe, expect, it } from 'vitest';
import {
  directions,
  flipBranches,
  leaves,
  missingAnswers,
  outcomes,
  peers,
  recommend,
  walk,
  type Answers,
  type Condition,
  type OutcomeId,
} from '../../../src/index.js';

/** The article's decision framework, written out independently as the oracle. */
function articleOutcome(a: Answers): OutcomeId {
  if (a.direction === 'bidirectional') return a.peer === 'service' ? 'grpc-bidi' : 'websocket';
  if (a.direction === 'server-to-client') return a.rate! > 100 ? 'grpc-server-stream' : 'sse';
  return 'http';
}

const rates = [undefined, 0, 1, 99.9, 100, 100.01, 101, 10_000] as const;
const peerAnswers = [undefined, ...peers] as const;
const flags = [undefined, true, false] as const;

function* allAnswers(): Generator<Answers> {
  for (const direction of directions)
    for (const peer of peerAnswers)
      for (const rate of rates)
        for (const binary of flags)
          for (const strictProxy of flags)
            for (const lossless of flags) {
              const a: Answers = { direction };
              if (peer !== undefined) a.peer = peer;
              if (rate !== undefined) a.rate = rate;
              if (binary !== undefined) a.binary = binary;
              if (strictProxy !== undefined) a.strictProxy = strictProxy;
              if (lossless !== undefined) a.lossless = lossless;
              yield a;
            }
}

function needs(a: Answers): boolean {
  return (a.direction === 'bidirectional' && a.peer === undefined) || (a.direction === 'server-to-client' && a.rate === undefined);
}

describe('the decision tree', () => {
  it('reaches the article\'s outcome for every combination of answers, refinements included', () => {
    let checked = 0;
    for (const answers of allAnswers()) {
      const rec = recommend(answers);
      if (needs(answers)) {
        expect(rec, JSON.stringify(answers)).toBeUndefined();
      } else {
        expect(rec?.outcome.id, JSON.stringify(answers)).toBe(articleOutcome(answers));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('draws the high-frequency line above 100 messages per second, not at it', () => {
    expect(recommend({ direction: 'server-to-client', rate: 100 })?.outcome.id).toBe('sse');
    expect(recommend({ direction: 'server-to-client', rate: 100.5 })?.outcome.id).toBe('grpc-server-stream');
  });

  it('asks the article\'s questions in the article\'s order', () => {
    const first = walk({});
    expect(first.done || first.next.text).toBe('Do both sides need to send data simultaneously?');
    const bidi = walk({ direction: 'bidirectional' });
    expect(bidi.done || bidi.next.text).toBe('Is it service-to-service?');
    const oneWay = walk({ direction: 'server-to-client' });
    expect(oneWay.done || oneWay.next.text).toBe('Is the data high-frequency (>100/sec)?');
    expect(walk({ direction: 'client-to-server' }).done).toBe(true);
  });

  it('names every missing answer, with the branch that needs it', () => {
    expect(missingAnswers({})).toEqual([
      { key: 'direction' },
      { key: 'peer', onlyIf: '--direction bidirectional' },
      { key: 'rate', onlyIf: '--direction server-to-client' },
    ]);
    expect(missingAnswers({ direction: 'bidirectional' })).toEqual([{ key: 'peer' }]);
    expect(missingAnswers({ direction: 'client-to-server' })).toEqual([]);
  });

  it('has exactly the five leaves of the article', () => {
    expect(leaves().map((l) => l.outcome).sort()).toEqual(['grpc-bidi', 'grpc-server-stream', 'http', 'sse', 'websocket']);
  });
});

/** A value that satisfies a condition, to apply a flip. */
function satisfy(answers: Answers, condition: Condition): Answers {
  if ('is' in condition) return { ...answers, [condition.key]: condition.is[0] };
  return { ...answers, rate: 'above' in condition ? condition.above + 1 : condition.atMost };
}

describe('alternatives', () => {
  it('each say which answers flip the choice, and applying them really flips it', () => {
    for (const answers of allAnswers()) {
      const rec = recommend(answers);
      if (!rec) continue;
      expect(rec.alternatives.length).toBeGreaterThan(0);
      for (const alt of rec.alternatives) {
        expect(alt.outcome.id).not.toBe(rec.outcome.id);
        expect(alt.flipIf.length).toBeGreaterThan(10);
        const branches = flipBranches(alt.outcome.id, answers);
        if (!branches) {
          expect(alt.outcome.id).toBe('grpc-client-stream');
          continue;
        }
        const flipped = branches.reduce((acc, b) => satisfy(acc, b.when), answers);
        expect(recommend(flipped)?.outcome.id, `${JSON.stringify(answers)} -> ${alt.outcome.id}`).toBe(alt.outcome.id);
      }
    }
  });

  it('name the flag to change in the flip', () => {
    const rec = recommend({ direction: 'server-to-client', rate: 10 })!;
    expect(rec.alternatives.find((a) => a.outcome.id === 'grpc-server-stream')?.flipIf).toContain('--rate above 100');
    const ws = recommend({ direction: 'bidirectional', peer: 'browser' })!;
    expect(ws.alternatives.find((a) => a.outcome.id === 'grpc-bidi')?.flipIf).toBe('it were service-to-service (--peer service)');
  });

  it('offer gRPC client streaming for client-to-server, as the article does', () => {
    const rec = recommend({ direction: 'client-to-server' })!;
    expect(rec.alternatives[0]?.outcome.id).toBe('grpc-client-stream');
    expect(rec.alternatives[0]?.flipIf).toMatch(/services that already speak gRPC/);
  });
});

describe('every outcome', () => {
  it('carries an id, a name, a template, reasons and caveats', () => {
    for (const outcome of Object.values(outcomes)) {
      expect(outcome.name).not.toBe('');
      expect(['websocket', 'sse', 'grpc', 'http']).toContain(outcome.template);
      expect(outcome.caveats.length).toBeGreaterThan(0);
      expect(outcome.alternatives).not.toContain(outcome.id);
    }
  });

  it('gives the answers that led there as reasons, then the article\'s "use it when" points', () => {
    const rec = recommend({ direction: 'bidirectional', peer: 'service' })!;
    expect(rec.answerReasons).toEqual([
      'Both sides need to send data simultaneously.',
      'It is service-to-service: both ends are your own services.',
    ]);
    expect(rec.reasons).toContain('Use gRPC streaming when: service-to-service communication in a microservice architecture.');
    expect(rec.scaffold.command).toBe('npx choose-protocol init grpc');
  });
});
