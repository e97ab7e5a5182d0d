import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryUnavailable } from '../../src/client/backoff.js';

const unavailable = Object.assign(new Error('14 UNAVAILABLE'), { code: status.UNAVAILABLE });

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    const ceiling = (attempt: number): number => backoffDelay(attempt, { initialMs: 100, maxMs: 1_000, random: () => 1 });
    expect([0, 1, 2, 3, 4, 10].map(ceiling)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('jitters uniformly below the ceiling', () => {
    expect(backoffDelay(3, { initialMs: 100, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { initialMs: 100, random: () => 0.5 })).toBe(400);
  });
});

describe('retryUnavailable', () => {
  it('retries UNAVAILABLE until the call succeeds', async () => {
    let calls = 0;
    const delays: number[] = [];
    const result = await retryUnavailable(
      async () => {
        if (++calls < 3) throw unavailable;
        return 'ok';
      },
      { initialMs: 1, onRetry: (_, delay) => delays.push(delay) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const invalid = Object.assign(new Error('bad'), { code: status.INVALID_ARGUMENT });
    await expect(
      retryUnavailable(async () => {
        calls++;
        throw invalid;
      }),
    ).rejects.toBe(invalid);
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts', async () => {
    let calls = 0;
    await expect(
      retryUnavailable(
        async () => {
          calls++;
          throw unavailable;
        },
        { maxAttempts: 3, initialMs: 1 },
      ),
    ).rejects.toBe(unavailable);
    expect(calls).toBe(3);
  });
});
