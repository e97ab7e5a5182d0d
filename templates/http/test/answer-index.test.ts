import { describe, expect, it } from 'vitest';
import { AnswerIndex } from '../src/answer-index.js';

const answer = (key: string) => ({ key, status: 202, body: { accepted: 1 } });

describe('AnswerIndex', () => {
  it('forgets answers older than the TTL', () => {
    const index = new AnswerIndex({ ttlMs: 1000, maxKeys: 10 });
    index.set(answer('a'), 0, 0);
    index.set(answer('b'), 500, 500);
    expect(index.get('a', 999)).toEqual(answer('a'));
    expect(index.get('a', 1000)).toBeUndefined();
    expect(index.get('b', 1000)).toEqual(answer('b'));
  });

  it('keeps at most maxKeys, dropping the oldest', () => {
    const index = new AnswerIndex({ ttlMs: 1000, maxKeys: 2 });
    for (const [at, key] of ['a', 'b', 'c'].entries()) index.set(answer(key), at, at);
    expect(index.size).toBe(2);
    expect(index.get('a', 3)).toBeUndefined();
    expect(index.get('c', 3)).toEqual(answer('c'));
  });

  it('skips entries already expired when recovered', () => {
    const index = new AnswerIndex({ ttlMs: 1000, maxKeys: 10 });
    index.set(answer('old'), 0, 5000);
    expect(index.size).toBe(0);
  });

  it('keeps the remembered answers under maxBytes, dropping the oldest', () => {
    const big = (key: string) => ({ key, status: 202, body: { accepted: 1, rejected: 'x'.repeat(1000) } });
    const index = new AnswerIndex({ ttlMs: 1000, maxKeys: 100, maxBytes: 4000 });
    for (const [at, key] of ['a', 'b', 'c', 'd', 'e'].entries()) index.set(big(key), at, at);
    expect(index.size).toBe(3);
    expect(index.bytes).toBeLessThanOrEqual(4000);
    expect(index.get('b', 5)).toBeUndefined();
    expect(index.get('c', 5)).toEqual(big('c'));
  });
});
