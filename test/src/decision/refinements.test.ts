import { describe, expect, it } from 'vitest';
import { recommend, refinements, type Answers } from '../../../src/index.js';

const base: Answers[] = [
  { direction: 'bidirectional', peer: 'browser' },
  { direction: 'bidirectional', peer: 'service' },
  { direction: 'server-to-client', rate: 10 },
  { direction: 'server-to-client', rate: 500 },
  { direction: 'client-to-server' },
];

describe('refinements', () => {
  it('never change the article\'s outcome, whatever they say', () => {
    for (const answers of base) {
      const plain = recommend(answers)!;
      for (const peer of ['browser', 'service'] as const)
        for (const binary of [true, false])
          for (const strictProxy of [true, false])
            for (const lossless of [true, false]) {
              const refined = answers.direction === 'bidirectional' ? { ...answers, binary, strictProxy, lossless } : { ...answers, peer, binary, strictProxy, lossless };
              expect(recommend(refined)!.outcome.id).toBe(plain.outcome.id);
            }
    }
  });

  it('say so out loud whenever they add or reorder something', () => {
    for (const answers of base) {
      const plain = recommend(answers)!;
      const refined = recommend({ ...answers, binary: true, strictProxy: true, lossless: true })!;
      expect(refined.caveats.length + refined.answerReasons.length).toBeGreaterThan(plain.caveats.length + plain.answerReasons.length);
      expect(refined.notes.at(-1)).toMatch(/never change the article's recommendation/);
      const reordered = refined.alternatives.map((a) => a.outcome.id).join() !== plain.alternatives.map((a) => a.outcome.id).join();
      expect(refined.notes.some((n) => n.startsWith('Moved '))).toBe(reordered);
    }
  });

  it('warn that browsers need a gateway for gRPC and put the --web flag in the scaffold command', () => {
    const rec = recommend({ direction: 'server-to-client', rate: 1000, peer: 'browser' })!;
    expect(rec.outcome.id).toBe('grpc-server-stream');
    expect(rec.caveats.join(' ')).toMatch(/gRPC-Web/);
    expect(rec.scaffold.command).toBe('npx choose-protocol init grpc --web');
    expect(rec.alternatives[0]?.outcome.id).toBe('sse');
  });

  it('warn about the grpc-web proxy when nobody said who the clients are', () => {
    const rec = recommend({ direction: 'server-to-client', rate: 1000 })!;
    expect(rec.caveats.join(' ')).toMatch(/grpc-web proxy/);
  });

  it('move WebSocket up for binary payloads to browsers, and say why', () => {
    const plain = recommend({ direction: 'server-to-client', rate: 5, peer: 'browser' })!;
    expect(plain.alternatives[0]?.outcome.id).toBe('grpc-server-stream');
    const rec = recommend({ direction: 'server-to-client', rate: 5, peer: 'browser', binary: true })!;
    expect(rec.alternatives[0]?.outcome.id).toBe('websocket');
    expect(rec.notes[0]).toBe('Moved WebSocket up the alternatives because WebSocket carries binary data in the browser.');
    expect(rec.caveats.join(' ')).toMatch(/base64/);
  });

  it('tell WebSocket users behind strict proxies to keep SSE as a fallback', () => {
    const rec = recommend({ direction: 'bidirectional', peer: 'browser', strictProxy: true })!;
    expect(rec.caveats.join(' ')).toMatch(/fallback/);
    expect(rec.alternatives[0]?.outcome.id).toBe('sse');
  });

  it('explain how each protocol loses nothing on reconnect, or that it does not', () => {
    const text = (a: Answers) => {
      const r = recommend({ ...a, lossless: true })!;
      return [...r.answerReasons, ...r.caveats].join(' ');
    };
    expect(text({ direction: 'server-to-client', rate: 5 })).toMatch(/Last-Event-ID/);
    expect(text({ direction: 'bidirectional', peer: 'browser' })).toMatch(/no resume/);
    expect(text({ direction: 'bidirectional', peer: 'service' })).toMatch(/do not resume/);
    expect(text({ direction: 'client-to-server' })).toMatch(/Idempotency-Key/);
  });

  it('each apply to at least one reachable outcome', () => {
    const outcomesSeen = new Set(base.map((a) => recommend(a)!.outcome.id));
    for (const refinement of refinements) {
      expect(refinement.outcomes.some((o) => outcomesSeen.has(o) || o === 'grpc-client-stream'), refinement.id).toBe(true);
      expect(refinement.reason ?? refinement.caveat ?? refinement.promote, refinement.id).toBeDefined();
    }
  });
});
